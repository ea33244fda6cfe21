import { NO_META, type FieldMeta, type TypeMeta } from '../patch-meta/patch-meta';
import {
  DELETE_FROM_PRIMITIVE_LIST,
  DIRECTIVE,
  directiveField,
  dropDirectives,
  isJsonObject,
  RETAIN_KEYS,
  SET_ELEMENT_ORDER,
  smpErrors,
  type Json,
  type JsonObject,
} from './directives';
import { normalizeElementOrder, partitionByPresence } from './element-order';

/**
 * A port of upstream's `mergeMap` with the options the API server uses (`MergeParallelList` and
 * `IgnoreUnmatchedNulls`). Both arguments are owned by the caller and are modified.
 */
export function mergeMap(original: JsonObject, patch: JsonObject, meta: TypeMeta): JsonObject {
  if (DIRECTIVE in patch) return mapDirective(patch);
  applyRetainKeys(original, patch);
  mergeOrderedLists(original, patch, meta);

  for (const [patchKey, patchValue] of Object.entries(patch)) {
    const isDeleteList = patchKey.startsWith(DELETE_FROM_PRIMITIVE_LIST);
    const key = isDeleteList ? directiveField(patchKey, DELETE_FROM_PRIMITIVE_LIST) : patchKey;
    if (patchValue === null) {
      delete original[key];
      continue;
    }
    const current = original[key];
    if (current === undefined || current === null || jsonType(current) !== jsonType(patchValue)) {
      // A deletion list for a list the object does not have deletes nothing.
      if (!isDeleteList) original[key] = dropDirectives(discardNulls(patchValue));
      continue;
    }
    const field = meta.field(key);
    const strategy = nonRetainKeysStrategy(field);
    if (isJsonObject(current)) {
      original[key] = strategy === 'replace' ? dropDirectives(patchValue) : mergeMap(current, patchValue as JsonObject, field?.type ?? NO_META);
    } else if (Array.isArray(current)) {
      original[key] = mergeListField(current, patchValue as Json[], field, isDeleteList);
    } else {
      original[key] = patchValue;
    }
  }
  return original;
}

/** `$patch` on a map: `replace` takes the patch as the value, `delete` empties it; nothing else is allowed. */
function mapDirective(patch: JsonObject): JsonObject {
  const directive = patch[DIRECTIVE];
  if (directive === 'replace') {
    delete patch[DIRECTIVE];
    return dropDirectives(patch) as JsonObject;
  }
  if (directive === 'delete') return {};
  throw smpErrors.badPatchType(directive, patch);
}

/** `$retainKeys`: keys of the original not listed are cleared; every key the patch sets must be listed. */
function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  if (!(RETAIN_KEYS in patch)) return;
  const retain = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(retain)) throw smpErrors.badRetainKeys();
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || key.startsWith(DELETE_FROM_PRIMITIVE_LIST) || key.startsWith(SET_ELEMENT_ORDER)) continue;
    if (!retain.includes(key)) throw smpErrors.badRetainKeys();
  }
  for (const key of Object.keys(original)) if (!retain.includes(key)) delete original[key];
}

/** Upstream's `mergePatchIntoOriginal`: merges each list named by a `$setElementOrder` and orders it so. */
function mergeOrderedLists(original: JsonObject, patch: JsonObject, meta: TypeMeta): void {
  for (const [directiveKey, order] of Object.entries(patch)) {
    if (!directiveKey.startsWith(SET_ELEMENT_ORDER)) continue;
    delete patch[directiveKey];
    if (!Array.isArray(order)) throw smpErrors.other(`expected a slice, but received a ${goKind(order)}`);
    const key = directiveField(directiveKey, SET_ELEMENT_ORDER);
    const current = original[key];
    const patchList = patch[key];
    if (current !== undefined && !Array.isArray(current)) throw smpErrors.other(`expected a slice, but received a ${goKind(current)}`);
    if (patchList !== undefined && !Array.isArray(patchList)) throw smpErrors.other(`expected a slice, but received a ${goKind(patchList)}`);
    if (current === undefined && patchList === undefined) continue;

    const field = meta.field(key);
    const mergeKey = field?.patchMergeKey ?? '';
    const merged =
      current === undefined
        ? (patchList as Json[])
        : patchList === undefined
          ? current
          : mergeListField(current, patchList, field, false);
    // Upstream checks the item types after merging, failing the same way mergeList does.
    elementKind(current ?? [], (patchList as Json[] | undefined) ?? []);
    const [inOrder, serverOnly] = partitionByPresence(merged, order, mergeKey);
    original[key] = normalizeElementOrder(inOrder, serverOnly, order, current ?? [], mergeKey);
    delete patch[key];
  }
}

/** Upstream's `mergeSliceHandler`: lists merge only under the `merge` strategy; otherwise the patch replaces them. */
function mergeListField(original: Json[], patch: Json[], field: FieldMeta | undefined, isDeleteList: boolean): Json[] {
  if (nonRetainKeysStrategy(field) !== 'merge') return dropDirectives(patch) as Json[];
  return mergeList(original, patch, field?.patchMergeKey ?? '', field?.type ?? NO_META, isDeleteList);
}

/** Upstream's `mergeSlice`. */
function mergeList(original: Json[], patch: Json[], mergeKey: string, itemMeta: TypeMeta, isDeleteList: boolean): Json[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = elementKind(original, patch);
  let merged: Json[];
  let serverOrder = original;
  let patchItems = patch;
  if (kind !== 'map') {
    if (isDeleteList) return original.filter((item) => !patch.includes(item));
    merged = [...new Set([...original, ...patch])];
  } else {
    if (!mergeKey) throw smpErrors.other('cannot merge lists without merge key for type map');
    [serverOrder, patchItems] = applyListDirectives(original, patch, mergeKey);
    merged = mergeByKey([...serverOrder], patchItems, mergeKey, itemMeta);
  }
  const key = kind === 'map' ? mergeKey : '';
  const [inPatch, serverOnly] = partitionByPresence(merged, patchItems, key);
  return normalizeElementOrder(inPatch, serverOnly, patchItems, serverOrder, key);
}

/** Upstream's `mergeSliceWithSpecialElements`: `$patch: delete` items remove, `$patch: replace` replaces the list. */
function applyListDirectives(original: Json[], patch: Json[], mergeKey: string): [Json[], Json[]] {
  const plain: Json[] = [];
  let replace = false;
  let remaining = original;
  for (const item of patch as JsonObject[]) {
    if (!(DIRECTIVE in item)) {
      plain.push(item);
      continue;
    }
    const directive = item[DIRECTIVE];
    if (directive === 'delete') {
      if (!(mergeKey in item)) throw smpErrors.noMergeKey(item, mergeKey);
      remaining = remaining.filter((candidate) => (candidate as JsonObject)[mergeKey] !== item[mergeKey]);
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      throw smpErrors.other('merging lists cannot yet be specified in the patch');
    } else {
      throw smpErrors.badPatchType(directive, item);
    }
  }
  return replace ? [dropDirectives(plain) as Json[], []] : [remaining, plain];
}

/** Upstream's `mergeSliceWithoutSpecialElements`: items with a known key merge, new ones are appended. */
function mergeByKey(original: Json[], patch: Json[], mergeKey: string, itemMeta: TypeMeta): Json[] {
  for (const item of patch as JsonObject[]) {
    if (!(mergeKey in item)) throw smpErrors.noMergeKey(item, mergeKey);
    const index = original.findIndex((candidate) => {
      if (!isJsonObject(candidate)) throw smpErrors.other(`value for key ${original.indexOf(candidate)} is not a map.`);
      return mergeKey in candidate && candidate[mergeKey] === item[mergeKey];
    });
    if (index >= 0) original[index] = mergeMap(original[index] as JsonObject, item, itemMeta);
    else original.push(dropDirectives(item));
  }
  return original;
}

/** The common kind of the items of both lists; upstream's `sliceElementType`. */
function elementKind(...lists: Json[][]): string {
  let kind: string | undefined;
  for (const item of lists.flat()) {
    const itemKind = jsonType(item);
    if (kind === undefined && itemKind === 'slice') throw smpErrors.noListOfLists();
    if (kind !== undefined && kind !== itemKind) {
      throw smpErrors.other(`list element types are not identical: ${lists.map((list) => JSON.stringify(list)).join(' ')}`);
    }
    kind = itemKind;
  }
  if (kind === undefined) throw smpErrors.other('no elements in any of the given slices');
  return kind;
}

function nonRetainKeysStrategy(field: FieldMeta | undefined): string {
  return (field?.patchStrategy ?? '').split(',').filter((strategy) => strategy !== 'retainKeys')[0] ?? '';
}

/** The Go kind a decoded JSON value has, as upstream compares `reflect.TypeOf` of both sides. */
function jsonType(value: Json): string {
  if (Array.isArray(value)) return 'slice';
  if (value === null) return 'nil';
  if (typeof value === 'object') return 'map';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int64' : 'float64';
  return typeof value;
}

function goKind(value: Json): string {
  return jsonType(value) === 'int64' || jsonType(value) === 'float64' ? 'float64' : jsonType(value);
}

/** Upstream's `discardNullValuesFromPatch`: a value the patch adds carries no nulls. */
function discardNulls(value: Json): Json {
  if (Array.isArray(value)) return value.map(discardNulls);
  if (!isJsonObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, item]) => item !== null)
      .map(([key, item]) => [key, discardNulls(item)]),
  );
}
