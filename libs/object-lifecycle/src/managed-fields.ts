import type { KubeObject } from '@kronicle/contracts';
import { builtinPatchMeta, NO_META, recordUpdate } from '@kronicle/kube-patch';

/** Upstream's field manager: the writer of an ordinary create or update owns what it set, defaults included. */
export function withManagedFields(manager: string | undefined, old: KubeObject | undefined, next: KubeObject, now: Date): KubeObject {
  if (!manager) return next;
  return recordUpdate(manager, old, next, now, builtinPatchMeta(next.apiVersion, next.kind) ?? NO_META);
}
