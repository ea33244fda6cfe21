import { ApiError } from './api-error';

/** The Status a decision refuses with; fails the test when it does not refuse. */
export function refusalOf(decide: () => unknown): ApiError['status'] {
  try {
    decide();
  } catch (err) {
    if (err instanceof ApiError) return err.status;
    throw err;
  }
  throw new Error('expected an ApiError');
}
