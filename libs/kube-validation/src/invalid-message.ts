import { type FieldCause, fieldErrorString } from './field-error';
import { goQuote } from './go-value';

/**
 * Upstream `errors.NewInvalid(...).ErrStatus.Message`: `<Kind>[.<group>] "<name>" is invalid: <aggregate>`,
 * where the aggregate is the one error, or `[e1, e2]` with duplicate messages dropped.
 */
export function invalidMessage(kind: string, group: string, name: string, causes: readonly FieldCause[]): string {
  const head = `${group ? `${kind}.${group}` : kind} ${goQuote(name)} is invalid`;
  const messages = [...new Set(causes.map(fieldErrorString))];
  if (messages.length === 0) return head;
  return `${head}: ${messages.length === 1 ? messages[0] : `[${messages.join(', ')}]`}`;
}

/** The whole 422 `metav1.Status` body the apiserver sends for invalid input. */
export function invalidStatus(kind: string, group: string, name: string, causes: readonly FieldCause[]) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: invalidMessage(kind, group, name, causes),
    reason: 'Invalid',
    details: { name, ...(group ? { group } : {}), kind, causes: causes.map(({ reason, message, field }) => ({ reason, message, field })) },
    code: 422,
  };
}
