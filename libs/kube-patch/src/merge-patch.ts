import { badRequest } from './patch-error';
import { parseJsonBody } from './parse-json-body';

/** evanphx/json-patch's `ErrBadJSONPatch`, which upstream answers with as a 400. */
const BAD_PATCH = 'Invalid JSON Patch';

/**
 * Applies an RFC 7386 JSON merge patch (`application/merge-patch+json`).
 *
 * Hand-written rather than taken from npm: the algorithm is a dozen lines, the npm packages for it are
 * unmaintained, and upstream's evanphx/json-patch `MergePatch` has quirks clients rely on that a generic
 * library does not reproduce: a patch of `null` or a scalar is a 400, a list patch replaces the whole
 * document, and nulls are pruned from newly added objects but kept inside lists.
 */
export function applyMergePatch(document: unknown, body: string | Buffer): unknown {
  const parsed = parseJsonBody(body);
  if (!parsed.ok || parsed.value === null) throw badRequest(BAD_PATCH);
  const patch = parsed.value;
  if (Array.isArray(patch)) return pruneNulls(patch);
  if (typeof patch !== 'object') throw badRequest(BAD_PATCH);
  if (!isObject(document)) return pruneNulls(patch);
  return mergeObjects(structuredClone(document), patch as Record<string, unknown>);
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mergeObjects(target: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete target[key];
    else target[key] = mergeValue(target[key], value);
  }
  return target;
}

function mergeValue(current: unknown, patch: unknown): unknown {
  if (!isObject(current)) return pruneNulls(patch);
  // As upstream: a non-object patch over an object replaces it, with its nulls left in place.
  if (!isObject(patch)) return patch;
  return mergeObjects(current, patch);
}

function pruneNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (item === null ? null : pruneNulls(item)));
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, item]) => item !== null)
      .map(([key, item]) => [key, pruneNulls(item)]),
  );
}
