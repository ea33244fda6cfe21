import type { KubeObject } from '@kronicle/contracts';
import { builtinPatchMeta, NO_META, recordUpdate } from '@kronicle/kube-patch';
import { withGoZeroFields } from '@kronicle/kube-protobuf';

/**
 * Upstream's field manager: the writer of an ordinary create or update owns what it set, defaults included.
 * It compares the objects as upstream holds them, decoded into their Go types, where every non-pointer struct
 * (`spec`, `spec.template`, `strategy`, a container's `resources`) and every field without omitempty already
 * exist; on a create the old object is the type's zero value (upstream's `scope.Creater.New`). So such a field
 * gets no `.` entry of its own, while pointer structs, map entries and list items that appear do (`f:labels`,
 * `f:rollingUpdate`, `k:{"name":"nginx"}`). Custom resources have no Go type: all of theirs is new on create.
 * Returns `next` with its managed fields updated; the comparison's filled-in fields are not stored.
 */
export function withManagedFields(manager: string | undefined, old: KubeObject | undefined, next: KubeObject, now: Date): KubeObject {
  if (!manager) return next;
  const { apiVersion, kind } = next;
  const decoded = (object: KubeObject) => withGoZeroFields(apiVersion, kind, object, { nilAsEmpty: true });
  const before = decoded(old ?? { apiVersion, kind, metadata: {} });
  const recorded = recordUpdate(manager, before, decoded(next), now, builtinPatchMeta(apiVersion, kind) ?? NO_META);
  const { managedFields: _, ...metadata } = next.metadata;
  const { managedFields } = recorded.metadata;
  return { ...next, metadata: { ...metadata, ...(managedFields && { managedFields }) } };
}
