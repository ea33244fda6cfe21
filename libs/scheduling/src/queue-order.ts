import type { PodInfo } from './types';

/** Upstream PrioritySort: higher priority first, then the older pod. */
export function comparePods(a: PodInfo, b: PodInfo): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  const at = a.object.metadata.creationTimestamp ?? '';
  const bt = b.object.metadata.creationTimestamp ?? '';
  if (at !== bt) return at < bt ? -1 : 1;
  return Number(a.object.metadata.resourceVersion ?? 0) - Number(b.object.metadata.resourceVersion ?? 0);
}
