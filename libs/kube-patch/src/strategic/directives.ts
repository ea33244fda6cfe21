import { goFormat } from '../go-format';
import { badRequest, PatchError, unprocessable } from '../patch-error';

/** The strategic merge patch directives (`strategicpatch/patch.go`). */
export const DIRECTIVE = '$patch';
export const RETAIN_KEYS = '$retainKeys';
export const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';
export const SET_ELEMENT_ORDER = '$setElementOrder';

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Upstream's `mergepatch` errors, with the status `interpretStrategicMergePatchError` gives them:
 * format errors are 400s, lists of lists a 422, and everything else a plain error, hence a 500.
 */
export const smpErrors = {
  badPrimitiveList: () => badRequest('invalid patch format of primitive list'),
  badRetainKeys: () => badRequest('invalid patch format of retainKeys'),
  badSetElementOrder: () => badRequest('invalid patch format of setElementOrder list'),
  noListOfLists: () => unprocessable('lists of lists are not supported'),
  noMergeKey: (map: JsonObject, key: string) =>
    new PatchError(500, `map: ${goFormat(map)} does not contain declared merge key: ${key}`),
  badPatchType: (type: Json, map: JsonObject) =>
    new PatchError(500, `unknown patch type: ${goFormat(type)} in map: ${goFormat(map)}`),
  other: (message: string) => new PatchError(500, message),
};

/** The key of the field a `$deleteFromPrimitiveList/<field>` or `$setElementOrder/<field>` key is about. */
export function directiveField(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    throw prefix === SET_ELEMENT_ORDER ? smpErrors.badSetElementOrder() : smpErrors.badPrimitiveList();
  }
  return key.slice(slash + 1);
}

/**
 * Upstream converts the merged map back into a typed Go object, which silently drops keys no field is
 * named after: directives left in values the patch added wholesale disappear that way. Kronicle has no
 * typed decode, so it drops them here (no built-in field name starts with `$`).
 */
export function dropDirectives(value: Json): Json {
  if (Array.isArray(value)) return value.map(dropDirectives);
  if (!isJsonObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !key.startsWith('$'))
      .map(([key, item]) => [key, dropDirectives(item)]),
  );
}
