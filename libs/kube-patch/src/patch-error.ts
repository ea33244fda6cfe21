/** A `metav1.StatusCause`: one reason among several for a failed request. */
export interface PatchErrorCause {
  type: string;
  message: string;
  field?: string;
}

/** The Kubernetes reason the API puts in `metav1.Status.reason` for each status code used here. */
const REASONS: Record<PatchError['httpStatus'], string> = {
  400: 'BadRequest',
  404: 'NotFound',
  409: 'Conflict',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  // Upstream returns plain Go errors for some malformed strategic patches; they surface as 500 with no reason.
  500: '',
};

/** A patch the server refuses, with the status code and message upstream's API server answers with. */
export class PatchError extends Error {
  override readonly name = 'PatchError';
  readonly reason: string;

  constructor(
    readonly httpStatus: 400 | 404 | 409 | 413 | 415 | 422 | 500,
    message: string,
    readonly causes: PatchErrorCause[] = [],
    /** What went wrong when upstream's message hides it; for logs, not for the client. */
    readonly detail?: string,
  ) {
    super(message);
    this.reason = REASONS[httpStatus];
  }
}

export const badRequest = (message: string): PatchError => new PatchError(400, message);

/** `errors.NewGenericServerResponse(422, …)`: upstream answers with a fixed message and drops the detail. */
export const unprocessable = (detail: string): PatchError =>
  new PatchError(422, 'the server rejected our request due to an error in our request', [], detail);
