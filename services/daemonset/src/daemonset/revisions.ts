import { fnv32a, safeEncode, controllerRef } from '@kronicle/pod-control';
import { CONTROLLER_REVISION_HASH, type ControllerRevision, type DaemonSet } from './objects';

/**
 * Upstream `getPatch`: what a ControllerRevision of a DaemonSet holds, its template marked to
 * replace the whole template on a rollback.
 */
export function revisionData(ds: DaemonSet): { spec: { template: unknown } } {
  return { spec: { template: { ...ds.spec.template, $patch: 'replace' } } };
}

/** Upstream `HashControllerRevision`: FNV-32a of the revision's data (and collision count), in the safe alphabet. */
export function revisionHash(data: unknown, collisionCount?: number): string {
  return safeEncode(String(fnv32a(JSON.stringify(data) + (collisionCount ? String(collisionCount) : ''))));
}

/**
 * The revision of the DaemonSet's current template among its revisions, or the one to create
 * (`<ds>-<hash>`, numbered after the highest), as upstream's `constructHistory`.
 */
export function currentRevision(ds: DaemonSet, revisions: ControllerRevision[]): { revision: ControllerRevision; hash: string; write?: 'create' | 'update' } {
  const data = revisionData(ds);
  const hash = revisionHash(data, ds.status?.collisionCount);
  const number = Math.max(0, ...revisions.map((r) => r.revision)) + 1;
  const existing = revisions.find((r) => r.metadata.labels?.[CONTROLLER_REVISION_HASH] === hash || JSON.stringify(r.data) === JSON.stringify(data));
  if (existing) {
    const existingHash = existing.metadata.labels?.[CONTROLLER_REVISION_HASH] ?? hash;
    // A template back to an earlier revision (a rollback) makes that revision the newest.
    return existing.revision === number - 1 ? { revision: existing, hash: existingHash } : { revision: { ...existing, revision: number }, hash: existingHash, write: 'update' };
  }
  const revision: ControllerRevision = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: `${ds.metadata.name}-${hash}`,
      namespace: ds.metadata.namespace,
      labels: { ...ds.spec.template.metadata?.labels, [CONTROLLER_REVISION_HASH]: hash },
      ownerReferences: [controllerRef(ds)],
    },
    data,
    revision: number,
  };
  return { revision, hash, write: 'create' };
}

/**
 * Upstream `cleanupHistory`: revisions beyond `revisionHistoryLimit` (10) that neither the current
 * template nor a live pod uses, oldest first.
 */
export function surplusRevisions(ds: DaemonSet, revisions: ControllerRevision[], currentHash: string, podHashes: Set<string | undefined>): ControllerRevision[] {
  const unused = revisions.filter((r) => {
    const hash = r.metadata.labels?.[CONTROLLER_REVISION_HASH];
    return hash !== currentHash && !podHashes.has(hash);
  });
  const excess = unused.length - (ds.spec.revisionHistoryLimit ?? 10);
  return excess > 0 ? unused.sort((a, b) => a.revision - b.revision).slice(0, excess) : [];
}
