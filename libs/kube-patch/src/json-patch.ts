import { applyPatch as applyOperations, JsonPatchError, type Operation } from 'fast-json-patch';
import { badRequest, PatchError, unprocessable } from './patch-error';
import { parseJsonBody } from './parse-json-body';

/** Upstream's `maxJSONPatchOperations`. */
const MAX_OPERATIONS = 10000;

/**
 * Applies an RFC 6902 JSON patch (`application/json-patch+json`) as upstream's patch handler does:
 * a body that is not a list of operations is a 400, more than 10000 operations a 413, and an operation
 * that does not apply (failed `test`, missing path, unknown `op`) a 422 with upstream's fixed message.
 */
export function applyJsonPatch(document: unknown, body: string | Buffer): unknown {
  const parsed = parseJsonBody(body);
  if (!parsed.ok) throw badRequest(parsed.error);
  if (!Array.isArray(parsed.value)) {
    throw badRequest(`json: cannot unmarshal ${jsonKind(parsed.value)} into Go value of type jsonpatch.Patch`);
  }
  const operations = parsed.value as Operation[];
  if (operations.length > MAX_OPERATIONS) {
    throw new PatchError(
      413,
      `Request entity too large: The allowed maximum operations in a JSON patch is ${MAX_OPERATIONS}, got ${operations.length}`,
    );
  }
  try {
    return applyOperations(document, operations, true, false).newDocument;
  } catch (error) {
    if (error instanceof JsonPatchError) throw unprocessable(describeFailure(error));
    throw error;
  }
}

/** The evanphx/json-patch wording of the failure, kept for logs (the client only sees upstream's fixed message). */
function describeFailure(error: JsonPatchError): string {
  const operation = error.operation as Partial<Operation> | undefined;
  const path = operation?.path ?? '';
  switch (error.name) {
    case 'TEST_OPERATION_FAILED':
      return `testing value ${path} failed: test failed`;
    case 'OPERATION_OP_INVALID':
      return `Unexpected kind: ${operation?.op}: unknown object type`;
    case 'OPERATION_PATH_UNRESOLVABLE':
    case 'OPERATION_PATH_CANNOT_ADD':
      return `${operation?.op} operation does not apply: doc is missing path: ${path}: missing value`;
    case 'OPERATION_FROM_UNRESOLVABLE':
      return `${operation?.op} operation does not apply: doc is missing from path: ${(operation as { from?: string }).from}: missing value`;
    default:
      return error.message.split('\n')[0];
  }
}

function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return 'object';
  return typeof value === 'boolean' ? 'bool' : typeof value;
}
