import { objectStreamId } from '@kronicle/contracts';
import type { ObjectWrite, ReconcileResult } from '@kronicle/controller-runtime';
import { compareQuantities } from '@kronicle/kube-validation';
import type { ClusterState } from '@kronicle/projection';
import {
  annBetaStorageProvisioner,
  annBindCompleted,
  annBoundByController,
  annSelectedNode,
  annStorageProvisioner,
  claimClass,
  claimClassUnset,
  defaultStorageClass,
  findMatchingVolume,
  isDelayBindingMode,
  isVolumeBoundToClaim,
  noProvisioner,
  offersAccessModes,
  storageClassNamed,
  volumeClass,
  type NodeInfo,
  type PersistentVolume,
  type PersistentVolumeClaim,
} from '@kronicle/storage';
import { recordOnce } from './record-once';
import { allVolumes, getClaim, getVolume, update, withAnnotations, withPhase } from './resources';

export const PV_CONTROLLER = 'persistentvolume-controller';

/**
 * Upstream's `syncClaim` (pkg/controller/volume/persistentvolume/pv_controller.go): binds an unbound
 * claim to the best matching volume, has one provisioned, or waits; keeps a bound claim's phase.
 * One step per reconcile: both objects' main resources first, their status phases on the next
 * pass (the cache then holds the binding), as upstream's separate API calls.
 */
export function syncClaim(namespace: string, name: string, state: ClusterState, now: Date): ReconcileResult {
  const claim = getClaim(state, namespace, name);
  if (!claim) return { writes: [] };
  if (claim.metadata.annotations?.[annBindCompleted] !== 'yes') return { writes: syncUnboundClaim(claim, state, now) };
  return { writes: syncBoundClaim(claim, state, now) };
}

function syncUnboundClaim(claim: PersistentVolumeClaim, state: ClusterState, now: Date): ObjectWrite[] {
  if (claim.metadata.deletionTimestamp) return [];
  // Retroactive default class (upstream since 1.28): a claim made before any default existed gets it now.
  if (claimClassUnset(claim)) {
    const fallback = defaultStorageClass(state);
    if (fallback) return [update({ ...claim, spec: { ...claim.spec, storageClassName: fallback.metadata.name } })];
  }
  if (claim.spec.volumeName) return syncPreBoundClaim(claim, state, now);

  const selectedNode = claim.metadata.annotations?.[annSelectedNode];
  const delayBinding = !selectedNode && isDelayBindingMode(claim, state);
  const volume = findMatchingVolume(claim, allVolumes(state), { delayBinding, node: selectedNode ? nodeInfo(state, selectedNode) : undefined });
  if (volume) return bind(volume, claim);

  const pending = withPhase(claim, 'Pending');
  if (delayBinding) {
    return [...pending, ...recordOnce(state, claim, { type: 'Normal', reason: 'WaitForFirstConsumer', message: 'waiting for first consumer to be created before binding', component: PV_CONTROLLER }, now)];
  }
  const className = claimClass(claim);
  const storageClass = storageClassNamed(state, className);
  if (storageClass && storageClass.provisioner !== noProvisioner) {
    const provisioner = storageClass.provisioner;
    // Hand over to the external provisioner, as upstream's provisionClaim does for CSI and out-of-tree plugins.
    const annotate = claim.metadata.annotations?.[annStorageProvisioner] === provisioner ? [] : [update(withAnnotations(claim, { [annStorageProvisioner]: provisioner, [annBetaStorageProvisioner]: provisioner }))];
    const message = `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`;
    return [...annotate, ...(annotate.length ? [] : pending), ...recordOnce(state, claim, { type: 'Normal', reason: 'ExternalProvisioning', message, component: PV_CONTROLLER }, now)];
  }
  const message = className ? `storageclass.storage.k8s.io "${className}" not found` : 'no persistent volumes available for this claim and no storage class is set';
  return [...pending, ...recordOnce(state, claim, { type: className ? 'Warning' : 'Normal', reason: className ? 'ProvisioningFailed' : 'FailedBinding', message, component: PV_CONTROLLER }, now)];
}

/** The user named the volume in `spec.volumeName`: bind if it exists, is free or meant for this claim, and fits. */
function syncPreBoundClaim(claim: PersistentVolumeClaim, state: ClusterState, now: Date): ObjectWrite[] {
  const volume = getVolume(state, claim.spec.volumeName!);
  const pending = withPhase(claim, 'Pending');
  if (!volume) return pending;
  if (volume.spec.claimRef && !isVolumeBoundToClaim(volume, claim)) {
    return [...pending, ...recordOnce(state, claim, { type: 'Warning', reason: 'FailedBinding', message: 'volume already bound to a different claim.', component: PV_CONTROLLER }, now)];
  }
  const mismatch = volumeMismatch(volume, claim);
  if (mismatch) return [...pending, ...recordOnce(state, claim, { type: 'Warning', reason: 'VolumeMismatch', message: mismatch, component: PV_CONTROLLER }, now)];
  return bind(volume, claim);
}

function syncBoundClaim(claim: PersistentVolumeClaim, state: ClusterState, now: Date): ObjectWrite[] {
  const lost = (message: string, reason = 'ClaimLost') => [...withPhase(claim, 'Lost'), ...recordOnce(state, claim, { type: 'Warning', reason, message, component: PV_CONTROLLER }, now)];
  if (!claim.spec.volumeName) return lost('Bound claim has lost reference to PersistentVolume. Data on the volume is lost!');
  const volume = getVolume(state, claim.spec.volumeName);
  if (!volume) return lost('Bound claim has lost its PersistentVolume. Data on the volume is lost!');
  if (!volume.spec.claimRef || isVolumeBoundToClaim(volume, claim)) return bind(volume, claim);
  return lost('Two claims are bound to the same volume, this one is bound incorrectly', 'ClaimMisbound');
}

/** Upstream `checkVolumeSatisfyClaim`, for volumes the user chose. */
function volumeMismatch(volume: PersistentVolume, claim: PersistentVolumeClaim): string | undefined {
  const requested = claim.spec.resources?.requests?.storage ?? '0';
  if (compareQuantities(volume.spec.capacity?.storage ?? '0', requested) < 0) return 'requested PV is too small';
  if (volumeClass(volume) !== claimClass(claim)) return 'storageClassName does not match';
  if ((volume.spec.volumeMode ?? 'Filesystem') !== (claim.spec.volumeMode ?? 'Filesystem')) return 'Cannot bind PersistentVolume to requested PersistentVolumeClaim due to incompatible volumeMode.';
  if (!offersAccessModes(volume, claim)) return 'incompatible accessMode';
  return undefined;
}

/**
 * Upstream `bind`: the volume's claimRef, then the claim's volumeName and annotations, then both
 * phases Bound. Each call writes only what is not yet so; the phases wait for the next pass.
 */
export function bind(volume: PersistentVolume, claim: PersistentVolumeClaim): ObjectWrite[] {
  const writes: ObjectWrite[] = [];
  const ref = volume.spec.claimRef;
  const volumeDone = ref?.uid === claim.metadata.uid;
  if (!volumeDone) {
    const claimRef = { kind: 'PersistentVolumeClaim', namespace: claim.metadata.namespace, name: claim.metadata.name, uid: claim.metadata.uid, apiVersion: 'v1', resourceVersion: claim.metadata.resourceVersion };
    // A volume the controller chose (not pre-bound by the user) is marked so that it may unbind it later.
    const chosen = ref ? volume : withAnnotations(volume, { [annBoundByController]: 'yes' });
    writes.push(update({ ...chosen, spec: { ...volume.spec, claimRef } }));
  }
  const claimDone = claim.spec.volumeName === volume.metadata.name && claim.metadata.annotations?.[annBindCompleted] === 'yes';
  if (!claimDone) {
    const annotations: Record<string, string> = { [annBindCompleted]: 'yes' };
    if (claim.spec.volumeName !== volume.metadata.name) annotations[annBoundByController] = 'yes';
    writes.push(update(withAnnotations({ ...claim, spec: { ...claim.spec, volumeName: volume.metadata.name } }, annotations)));
  }
  if (writes.length > 0) return writes;
  return [
    ...withPhase(volume, 'Bound'),
    ...withPhase(claim, 'Bound', { capacity: volume.spec.capacity, accessModes: volume.spec.accessModes }),
  ];
}

function nodeInfo(state: ClusterState, name: string): NodeInfo {
  const node = state.get(objectStreamId({ group: '', resource: 'nodes', name }))?.object;
  return { name, labels: node?.metadata.labels ?? { 'kubernetes.io/hostname': name } };
}
