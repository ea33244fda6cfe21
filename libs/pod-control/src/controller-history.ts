import type { KubeObject } from '@kronicle/contracts';
import { controllerRef } from './controller-ref';
import { fnv32a, safeEncode } from './pod-names';
import type { PodTemplate } from './pods-from-template';

/** Upstream `apps.ControllerRevisionHashLabelKey`: on revisions (their hash) and on the pods made from them. */
export const CONTROLLER_REVISION_HASH = 'controller-revision-hash';

/** A DaemonSet or StatefulSet: what its history is made from. */
export interface TemplatedOwner extends KubeObject {
  spec: { template: PodTemplate; revisionHistoryLimit?: number };
  status?: { collisionCount?: number };
}

export interface ControllerRevision extends KubeObject {
  data?: unknown;
  revision: number;
}

/** Upstream `getPatch`: what a revision holds, the template marked to replace the whole template on a rollback. */
export function revisionData(owner: TemplatedOwner): { spec: { template: unknown } } {
  return { spec: { template: { ...owner.spec.template, $patch: 'replace' } } };
}

/** Upstream `HashControllerRevision`: FNV-32a of the revision's data (and collision count), in the safe alphabet. */
export function revisionHash(data: unknown, collisionCount?: number): string {
  return safeEncode(String(fnv32a(JSON.stringify(data) + (collisionCount ? String(collisionCount) : ''))));
}

/**
 * The revision of the owner's current template among its revisions, or the one to create
 * (`<owner>-<hash>`, numbered after the highest), as upstream's history: a template back to an
 * earlier revision (a rollback) makes that revision the newest, by a new number.
 */
export function currentRevision(owner: TemplatedOwner, revisions: ControllerRevision[]): { revision: ControllerRevision; hash: string; write?: 'create' | 'update' } {
  const data = revisionData(owner);
  const hash = revisionHash(data, owner.status?.collisionCount);
  const number = Math.max(0, ...revisions.map((r) => r.revision)) + 1;
  const existing = revisions.find((r) => r.metadata.labels?.[CONTROLLER_REVISION_HASH] === hash || JSON.stringify(r.data) === JSON.stringify(data));
  if (existing) {
    const existingHash = existing.metadata.labels?.[CONTROLLER_REVISION_HASH] ?? hash;
    return existing.revision === number - 1 ? { revision: existing, hash: existingHash } : { revision: { ...existing, revision: number }, hash: existingHash, write: 'update' };
  }
  const revision: ControllerRevision = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: `${owner.metadata.name}-${hash}`,
      namespace: owner.metadata.namespace,
      labels: { ...owner.spec.template.metadata?.labels, [CONTROLLER_REVISION_HASH]: hash },
      ownerReferences: [controllerRef(owner)],
    },
    data,
    revision: number,
  };
  return { revision, hash, write: 'create' };
}

/**
 * Upstream `cleanupHistory`: revisions beyond `revisionHistoryLimit` (10) that neither the current
 * template nor a live pod uses (`inUse`: by revision), oldest first.
 */
export function surplusRevisions(owner: TemplatedOwner, revisions: ControllerRevision[], inUse: (revision: ControllerRevision) => boolean): ControllerRevision[] {
  const unused = revisions.filter((r) => !inUse(r));
  const excess = unused.length - (owner.spec.revisionHistoryLimit ?? 10);
  return excess > 0 ? unused.sort((a, b) => a.revision - b.revision).slice(0, excess) : [];
}
