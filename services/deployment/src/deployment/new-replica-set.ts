import { replicasOf, type Deployment, type ReplicaSet } from '../shared/objects';
import { controllerRef } from '@kronicle/pod-control';
import { REVISION, withNewReplicaSetAnnotations, withReplicasAnnotations } from './annotations';
import { Reason, getCondition, newCondition, setCondition } from './conditions';
import { isRollingUpdate, maxSurge, scaledValue } from './fenceposts';
import { hasProgressDeadline } from './progress';
import { findNewReplicaSet, podsExistingOrAsked, revisionOf } from './replica-sets';
import type { RolloutPlan } from './rollout-plan';
import { POD_TEMPLATE_HASH, templateHash } from './template-hash';

export interface ReplicaSetsOfRollout {
  newRS?: ReplicaSet;
  /** Every other ReplicaSet of the Deployment, scaled to 0 or not. */
  oldRSs: ReplicaSet[];
}

/**
 * Upstream `NewRSNewReplicas`: how far the new ReplicaSet may grow now. RollingUpdate: up to
 * replicas + maxSurge pods in all, e.g. 10 replicas, maxSurge 3, 12 pods now: new grows by 1.
 * Recreate: straight to replicas.
 */
export function newRSNewReplicas(d: Deployment, allRSs: ReplicaSet[], newRS: ReplicaSet): number {
  if (!isRollingUpdate(d)) return replicasOf(d);
  const surge = scaledValue(d.spec.strategy?.rollingUpdate?.maxSurge, replicasOf(d), true);
  const current = podsExistingOrAsked(allRSs);
  const maxTotal = replicasOf(d) + surge;
  if (current >= maxTotal) return replicasOf(newRS);
  return replicasOf(newRS) + Math.min(maxTotal - current, replicasOf(d) - replicasOf(newRS));
}

/** Upstream `getAllReplicaSetsAndSyncRevision`: the new ReplicaSet (created when asked) and the old ones. */
export function replicaSetsOfRollout(plan: RolloutPlan, rsList: ReplicaSet[], createIfMissing: boolean): ReplicaSetsOfRollout {
  const existing = findNewReplicaSet(plan.d, rsList);
  const oldRSs = rsList.filter((rs) => rs !== existing).map((rs) => plan.latest(rs));
  return { newRS: newReplicaSet(plan, existing && plan.latest(existing), oldRSs, createIfMissing), oldRSs };
}

/**
 * Upstream `getNewReplicaSet`. An existing new ReplicaSet gets the next revision (a rollback to an
 * old template makes its ReplicaSet the newest revision again) and the Deployment's annotations; a
 * missing one is created as `<deployment>-<pod-template-hash>` with the hash in its selector and
 * labels, already as large as `newRSNewReplicas` allows.
 */
function newReplicaSet(plan: RolloutPlan, existing: ReplicaSet | undefined, oldRSs: ReplicaSet[], createIfMissing: boolean): ReplicaSet | undefined {
  const { d, now } = plan;
  const newRevision = Math.max(0, ...oldRSs.map(revisionOf)) + 1;
  if (existing) {
    let rs = withNewReplicaSetAnnotations(d, existing, newRevision);
    if ((rs.spec.minReadySeconds ?? 0) !== (d.spec.minReadySeconds ?? 0)) rs = { ...rs, spec: withMinReadySeconds(rs.spec, d) };
    rs = plan.put(rs);
    setDeploymentRevision(plan, rs.metadata.annotations?.[REVISION] ?? '');
    if (hasProgressDeadline(d) && !getCondition(plan.status, 'Progressing')) {
      plan.status = setCondition(plan.status, newCondition('Progressing', 'True', Reason.FoundNewRS, `Found new replica set "${rs.metadata.name}"`, now));
    }
    return rs;
  }
  if (!createIfMissing) return undefined;

  const hash = templateHash(d.spec.template, d.status?.collisionCount);
  const labels = { ...d.spec.template.metadata?.labels, [POD_TEMPLATE_HASH]: hash };
  const name = `${d.metadata.name}-${hash}`;
  if (plan.replicaSetExists(name)) {
    // Upstream: a ReplicaSet of that name that is not ours means the hash collided; the next hash differs.
    plan.status = { ...plan.status, collisionCount: (plan.status.collisionCount ?? 0) + 1 };
    return undefined;
  }
  let rs: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: d.metadata.namespace, labels, ownerReferences: [controllerRef(d)] },
    spec: withMinReadySeconds(
      {
        replicas: 0,
        selector: { ...d.spec.selector, matchLabels: { ...d.spec.selector.matchLabels, [POD_TEMPLATE_HASH]: hash } },
        template: { ...d.spec.template, metadata: { ...d.spec.template.metadata, labels } },
      },
      d,
    ),
  };
  const replicas = newRSNewReplicas(d, [...oldRSs, rs], rs);
  rs = withNewReplicaSetAnnotations(d, { ...rs, spec: { ...rs.spec, replicas } }, newRevision);
  rs = withReplicasAnnotations(rs, replicasOf(d), replicasOf(d) + maxSurge(d));
  plan.create(rs);
  if (replicas > 0) plan.event('ScalingReplicaSet', `Scaled up replica set ${name} from 0 to ${replicas}`);
  setDeploymentRevision(plan, String(newRevision));
  if (hasProgressDeadline(d)) plan.status = setCondition(plan.status, newCondition('Progressing', 'True', Reason.NewRSCreated, `Created new replica set "${name}"`, now));
  return rs;
}

/** The Deployment's minReadySeconds; a plain int32 with omitempty upstream, so 0 is left out. */
function withMinReadySeconds(spec: ReplicaSet['spec'], d: Deployment): ReplicaSet['spec'] {
  const { minReadySeconds: _old, ...rest } = spec;
  return d.spec.minReadySeconds ? { ...rest, minReadySeconds: d.spec.minReadySeconds } : rest;
}

function setDeploymentRevision(plan: RolloutPlan, revision: string): void {
  if ((plan.d.metadata.annotations ?? {})[REVISION] !== revision) plan.annotations = { ...plan.d.metadata.annotations, [REVISION]: revision };
}
