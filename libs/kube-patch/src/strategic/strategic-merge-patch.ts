import { badRequest } from '../patch-error';
import type { TypeMeta } from '../patch-meta/patch-meta';
import { parseJsonBody } from '../parse-json-body';
import { isJsonObject, type JsonObject } from './directives';
import { mergeMap } from './merge';

/**
 * Applies a Kubernetes strategic merge patch (`application/strategic-merge-patch+json`) to `document`
 * as the API server does (`strategicpatch.StrategicMergeMapPatch`), using `meta` for the patch strategy
 * and merge key of each field.
 */
export function applyStrategicMergePatch(document: object, body: string | Buffer, meta: TypeMeta): JsonObject {
  const parsed = parseJsonBody(body);
  if (!parsed.ok) throw badRequest(parsed.error);
  // As Go's json.Unmarshal into a map: `null` leaves it empty, anything but an object is an error.
  if (parsed.value === null) return structuredClone(document) as JsonObject;
  if (!isJsonObject(parsed.value)) {
    const kind = Array.isArray(parsed.value) ? 'array' : typeof parsed.value;
    throw badRequest(`json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`);
  }
  return mergeMap(structuredClone(document) as JsonObject, parsed.value, meta);
}
