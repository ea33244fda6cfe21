import type { ReplicaSet } from '../shared/objects';
import type { Deployment } from '../shared/objects';

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
export const CHANGE_CAUSE = 'kubernetes.io/change-cause';
/** Upstream's `maxRevHistoryLengthInChars`. */
const MAX_REVISION_HISTORY_CHARS = 2000;

/** Deployment annotations never copied to its ReplicaSets (upstream `annotationsToSkip`). */
const notCopied = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  REVISION_HISTORY,
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  'deprecated.deployment.rollback.to',
]);

export function annotationNumber(rs: ReplicaSet, name: string): number | undefined {
  const raw = rs.metadata.annotations?.[name];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  return Number.isInteger(value) ? value : undefined;
}

/** Upstream `SetReplicasAnnotations`: the Deployment's size and its size with surge, for proportional scaling. */
export function withReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): ReplicaSet {
  return { ...rs, metadata: { ...rs.metadata, annotations: { ...rs.metadata.annotations, [DESIRED_REPLICAS]: String(desired), [MAX_REPLICAS]: String(max) } } };
}

export function replicasAnnotationsNeedUpdate(rs: ReplicaSet, desired: number, max: number): boolean {
  return rs.metadata.annotations?.[DESIRED_REPLICAS] !== String(desired) || rs.metadata.annotations?.[MAX_REPLICAS] !== String(max);
}

/**
 * Upstream `SetNewReplicaSetAnnotations`: copies the Deployment's annotations (change-cause among
 * them), raises the revision, and when an older ReplicaSet becomes new again (a rollback to revision
 * 1 of 3 makes it revision 4) remembers its earlier revisions in `revision-history` ("1").
 */
export function withNewReplicaSetAnnotations(d: Deployment, rs: ReplicaSet, newRevision: number): ReplicaSet {
  const annotations = { ...rs.metadata.annotations };
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (!notCopied.has(k)) annotations[k] = v;
  const oldRevision = annotations[REVISION];
  const oldRevisionNumber = oldRevision === undefined ? 0 : Number(oldRevision) || 0;
  if (oldRevisionNumber < newRevision) {
    annotations[REVISION] = String(newRevision);
    if (oldRevision !== undefined) {
      const history = annotations[REVISION_HISTORY];
      if (!history) annotations[REVISION_HISTORY] = oldRevision;
      else {
        const revisions = history.split(',');
        let length = history.length + oldRevision.length + 1;
        let start = 0;
        while (length > MAX_REVISION_HISTORY_CHARS && start < revisions.length) length -= revisions[start++].length + 1;
        if (length <= MAX_REVISION_HISTORY_CHARS) annotations[REVISION_HISTORY] = [...revisions.slice(start), oldRevision].join(',');
      }
    }
  }
  return { ...rs, metadata: { ...rs.metadata, annotations } };
}
