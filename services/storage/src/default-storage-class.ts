import type { ReconcileResult } from '@kronicle/controller-runtime';
import { objectStreamId } from '@kronicle/contracts';
import type { ClusterState } from '@kronicle/projection';
import { annIsDefaultClass, type StorageClass } from '@kronicle/storage';
import { SIMULATED_PROVISIONER } from './provision';
import { storageClasses } from './resources';

/**
 * The `standard` class every Kronicle starts with, like kind's. Binding is Immediate, not kind's
 * WaitForFirstConsumer: simulated volumes have no topology (every node reaches them), so waiting
 * for a pod's node buys nothing, and claims bind even before a scheduler runs. Classes that ask
 * for WaitForFirstConsumer get it.
 */
export const standardStorageClass: StorageClass = {
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name: 'standard', annotations: { [annIsDefaultClass]: 'true' } },
  provisioner: SIMULATED_PROVISIONER,
  reclaimPolicy: 'Delete',
  volumeBindingMode: 'Immediate',
  allowVolumeExpansion: true,
};

/** Creates `standard` when absent; run once at start (EnsureExists, as kind's addon manager). */
export function ensureDefaultStorageClass(state: ClusterState): ReconcileResult {
  const exists = state.get(objectStreamId({ group: 'storage.k8s.io', resource: 'storageclasses', name: 'standard' }));
  return { writes: exists ? [] : [{ kind: 'create', resource: storageClasses, object: standardStorageClass }] };
}
