import { objectStreamId } from '@kronicle/contracts';
import type { ClusterState } from '@kronicle/projection';
import { annSelectedNode, noProvisioner } from './annotations';
import { findMatchingVolume, type NodeInfo } from './find-matching-volume';
import { claimClass, isDelayBindingMode, storageClassNamed } from './storage-class';
import { volumeFitsNode } from './node-affinity';
import type { PersistentVolume, PersistentVolumeClaim, Pod } from './types';

/**
 * Names of the claims a pod uses: its persistentVolumeClaim volumes and, for generic ephemeral
 * volumes, the claim upstream's ephemeral controller names `<pod>-<volume>`.
 */
export function podClaimNames(pod: Pod): string[] {
  return (pod.spec?.volumes ?? []).flatMap((v) => {
    if (v.persistentVolumeClaim) return [v.persistentVolumeClaim.claimName];
    if (v.ephemeral) return [`${pod.metadata.name}-${v.name}`];
    return [];
  });
}

/** Kubelet is done with the pod (upstream pvc-protection's `podIsShutDown`, less the force-delete case). */
export function podIsShutDown(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/**
 * Upstream pvc-protection: only a scheduled pod that is not shut down holds a claim (the kubelet
 * refuses to start a pod whose claim is being deleted, so unscheduled pods do not count).
 */
export function podUsesClaim(pod: Pod, claimName: string): boolean {
  if (!pod.spec?.nodeName || podIsShutDown(pod)) return false;
  return podClaimNames(pod).includes(claimName);
}

export type ClaimsFit = { fits: true } | { fits: false; reason: string };

const claimOf = (state: ClusterState, namespace: string, name: string) =>
  state.get(objectStreamId({ group: '', resource: 'persistentvolumeclaims', namespace, name }))?.object as PersistentVolumeClaim | undefined;

const volumeNamed = (state: ClusterState, name: string) =>
  state.get(objectStreamId({ group: '', resource: 'persistentvolumes', name }))?.object as PersistentVolume | undefined;

/**
 * The scheduler's VolumeBinding PreFilter: why no node can take the pod as its claims stand, if so —
 * a claim missing or being deleted, or an unbound Immediate claim (the PV controller binds it first).
 * Reasons are upstream's messages.
 */
export function podClaimsRejection(pod: Pod, state: ClusterState): string | undefined {
  const namespace = pod.metadata.namespace ?? 'default';
  const claims: PersistentVolumeClaim[] = [];
  for (const name of podClaimNames(pod)) {
    const claim = claimOf(state, namespace, name);
    if (!claim) return `persistentvolumeclaim "${name}" not found`;
    if (claim.metadata.deletionTimestamp) return `persistentvolumeclaim "${name}" is being deleted`;
    claims.push(claim);
  }
  if (claims.some((claim) => !claim.spec.volumeName && !isDelayBindingMode(claim, state))) return 'pod has unbound immediate PersistentVolumeClaims';
  return undefined;
}

/**
 * The scheduler's VolumeBinding filter for one node, for a pod its PreFilter let through
 * (`podClaimsRejection`), reduced to what Kronicle needs: a bound claim's volume must exist and allow
 * the node; an unbound WaitForFirstConsumer claim fits where an Available volume matches on the node,
 * or where its class can provision. Reasons are upstream's messages.
 */
export function podClaimsFit(pod: Pod, node: NodeInfo, state: ClusterState): ClaimsFit {
  const namespace = pod.metadata.namespace ?? 'default';
  const volumes = state.list({ group: '', resource: 'persistentvolumes' }).map((s) => s.object as PersistentVolume);
  for (const name of podClaimNames(pod)) {
    const claim = claimOf(state, namespace, name)!;
    if (claim.spec.volumeName) {
      const volume = volumeNamed(state, claim.spec.volumeName);
      if (!volume) return { fits: false, reason: 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)' };
      if (!volumeFitsNode(volume, node.name, node.labels)) return { fits: false, reason: `node(s) had volume node affinity conflict` };
      continue;
    }
    if (findMatchingVolume(claim, volumes, { node })) continue;
    const provisioner = storageClassNamed(state, claimClass(claim))?.provisioner;
    if (!provisioner || provisioner === noProvisioner) return { fits: false, reason: "node(s) didn't find available persistent volumes to bind" };
  }
  return { fits: true };
}

/**
 * What the scheduler writes with a pod's binding (upstream VolumeBinding PreBind, reduced): each
 * unbound WaitForFirstConsumer claim of the pod annotated with the chosen node. The PV controller
 * then binds a matching volume on that node or has one provisioned there. Returns updated claims.
 */
export function claimsWithSelectedNode(pod: Pod, nodeName: string, state: ClusterState): PersistentVolumeClaim[] {
  const namespace = pod.metadata.namespace ?? 'default';
  return podClaimNames(pod).flatMap((name) => {
    const claim = claimOf(state, namespace, name);
    if (!claim || claim.spec.volumeName || !isDelayBindingMode(claim, state)) return [];
    if (claim.metadata.annotations?.[annSelectedNode] === nodeName) return [];
    return [{ ...claim, metadata: { ...claim.metadata, annotations: { ...claim.metadata.annotations, [annSelectedNode]: nodeName } } }];
  });
}
