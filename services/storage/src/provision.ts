import type { ObjectWrite, ReconcileResult } from '@kronicle/controller-runtime';
import type { ClusterState } from '@kronicle/projection';
import {
  annDynamicallyProvisioned,
  annSelectedNode,
  annStorageProvisioner,
  claimClass,
  pvProtectionFinalizer,
  storageClassNamed,
  type PersistentVolume,
} from '@kronicle/storage';
import { recordOnce } from './record-once';
import { getClaim, getVolume, pvs } from './resources';

/** The provisioner name of Kronicle's simulated storage, as a CSI driver would be named. */
export const SIMULATED_PROVISIONER = 'kronicle.dev/simulated';

/**
 * The simulated external provisioner (as sigs.k8s.io/sig-storage-lib-external-provisioner): for a
 * claim the PV controller handed to it (`volume.kubernetes.io/storage-provisioner`), it creates a
 * volume `pvc-<claim uid>` of the requested size, pre-bound to the claim, which the PV controller
 * then binds. With a selected node (WaitForFirstConsumer) the volume is pinned to that node.
 */
export function provision(namespace: string, name: string, state: ClusterState, now: Date): ReconcileResult {
  const claim = getClaim(state, namespace, name);
  if (!claim || claim.metadata.deletionTimestamp || claim.spec.volumeName) return { writes: [] };
  if (claim.metadata.annotations?.[annStorageProvisioner] !== SIMULATED_PROVISIONER) return { writes: [] };
  const storageClass = storageClassNamed(state, claimClass(claim));
  if (storageClass?.provisioner !== SIMULATED_PROVISIONER) return { writes: [] };
  const selectedNode = claim.metadata.annotations?.[annSelectedNode];
  if (storageClass.volumeBindingMode === 'WaitForFirstConsumer' && !selectedNode) return { writes: [] };
  const volumeName = `pvc-${claim.metadata.uid}`;
  if (getVolume(state, volumeName)) return { writes: [] };

  const volume: PersistentVolume = {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: {
      name: volumeName,
      annotations: { [annDynamicallyProvisioned]: SIMULATED_PROVISIONER },
      finalizers: [pvProtectionFinalizer],
    },
    spec: {
      capacity: { storage: claim.spec.resources?.requests?.storage ?? '0' },
      accessModes: claim.spec.accessModes,
      volumeMode: claim.spec.volumeMode ?? 'Filesystem',
      storageClassName: storageClass.metadata.name,
      persistentVolumeReclaimPolicy: storageClass.reclaimPolicy ?? 'Delete',
      claimRef: { kind: 'PersistentVolumeClaim', namespace, name, uid: claim.metadata.uid, apiVersion: 'v1', resourceVersion: claim.metadata.resourceVersion },
      // Simulated storage: a directory the node agent would create on first use.
      hostPath: { path: `/var/lib/kronicle/volumes/${volumeName}`, type: 'DirectoryOrCreate' },
      ...(selectedNode
        ? { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In' as const, values: [selectedNode] }] }] } } }
        : {}),
    },
  };
  const event = recordOnce(state, claim, { type: 'Normal', reason: 'ProvisioningSucceeded', message: `Successfully provisioned volume ${volumeName}`, component: SIMULATED_PROVISIONER }, now);
  const writes: ObjectWrite[] = [{ kind: 'create', resource: pvs, object: volume }, ...event];
  return { writes };
}
