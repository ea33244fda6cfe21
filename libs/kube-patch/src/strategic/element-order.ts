import { smpErrors, type Json, type JsonObject } from './directives';

/**
 * The order rules of strategic merge patch (design proposal "preserve order in strategic merge patch"):
 * items named by the patch (or its `$setElementOrder`) keep the patch's order, items only on the server
 * keep the server's order, and the two are interleaved by their positions in the server's list.
 */

/** The value an item is identified by: its merge key for maps, itself for primitives. */
const identity = (item: Json, mergeKey: string): Json => (mergeKey ? (item as JsonObject)[mergeKey] : item);

function indexIn(list: Json[], item: Json, mergeKey: string): number {
  const id = identity(item, mergeKey);
  return list.findIndex((candidate) => identity(candidate, mergeKey) === id);
}

/** Splits `merged` into the items `partitionBy` names and the others (upstream's `partition*ByPresentInList`). */
export function partitionByPresence(merged: Json[], partitionBy: Json[], mergeKey: string): [Json[], Json[]] {
  const inPatch: Json[] = [];
  const serverOnly: Json[] = [];
  for (const item of merged) {
    if (mergeKey && !(mergeKey in (item as JsonObject))) throw smpErrors.noMergeKey(item as JsonObject, mergeKey);
    (indexIn(partitionBy, item, mergeKey) >= 0 ? inPatch : serverOnly).push(item);
  }
  return [inPatch, serverOnly];
}

/** Upstream's `normalizeElementOrder`: sorts both parts by their own order, then interleaves them. */
export function normalizeElementOrder(
  patchItems: Json[],
  serverOnly: Json[],
  patchOrder: Json[],
  serverOrder: Json[],
  mergeKey: string,
): Json[] {
  const patchSorted = sortByOrder(patchItems, patchOrder, mergeKey);
  const serverSorted = sortByOrder(serverOnly, serverOrder, mergeKey);
  return mergeSorted(serverSorted, patchSorted, serverOrder, mergeKey);
}

function sortByOrder(items: Json[], order: Json[], mergeKey: string): Json[] {
  return items
    .map((item, position) => ({ item, position, index: indexIn(order, item, mergeKey) }))
    .sort((a, b) => (a.index >= 0 && b.index >= 0 ? a.index - b.index : a.position - b.position))
    .map(({ item }) => item);
}

/**
 * Upstream's `mergeSortedSlice`: takes the server-only item first only when both items are in the
 * server's list and the server-only one comes earlier; otherwise the patch item goes first.
 */
function mergeSorted(left: Json[], right: Json[], serverOrder: Json[], mergeKey: string): Json[] {
  const out: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (j >= right.length) out.push(left[i++]);
    else if (i >= left.length) out.push(right[j++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey);
      const ri = indexIn(serverOrder, right[j], mergeKey);
      out.push(li >= 0 && ri >= 0 && li < ri ? left[i++] : right[j++]);
    }
  }
  return out;
}
