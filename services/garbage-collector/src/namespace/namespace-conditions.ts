import { rfc3339 } from '@kronicle/object-lifecycle';
import type { StoredObject } from '@kronicle/projection';

export interface NamespaceCondition {
  type: string;
  status: 'True' | 'False';
  lastTransitionTime: string;
  reason: string;
  message: string;
}

/** The conditions upstream's namespace deleter maintains, in its order, with their "all is well" forms. */
const maintained: [type: string, okReason: string, okMessage: string][] = [
  ['NamespaceDeletionDiscoveryFailure', 'ResourcesDiscovered', 'All resources successfully discovered'],
  ['NamespaceDeletionGroupVersionParsingFailure', 'ParsedGroupVersions', 'All legacy kube types successfully parsed'],
  ['NamespaceDeletionContentFailure', 'ContentDeleted', 'All content successfully deleted, may be waiting on finalization'],
  ['NamespaceContentRemaining', 'ContentRemoved', 'All content successfully removed'],
  ['NamespaceFinalizersRemaining', 'ContentRemoved', 'All content successfully removed'],
];

/**
 * Conditions for what remains in a terminating namespace after this pass of deletions, worded as
 * upstream's status_condition_utils: e.g. 2 ConfigMaps held by a finalizer `example.com/hold` give
 * "Some resources are remaining: configmaps. has 2 resource instances" and
 * "Some finalizers are remaining: example.com/hold in 2 resource instances".
 * Discovery and parsing cannot fail here: the served resources are known.
 */
export function contentConditions(remaining: StoredObject[]): Map<string, Pick<NamespaceCondition, 'reason' | 'message'>> {
  const failing = new Map<string, Pick<NamespaceCondition, 'reason' | 'message'>>();
  if (remaining.length === 0) return failing;
  const byResource = countBy(remaining.map((s) => `${s.resource}.${s.group}`));
  const byFinalizer = countBy(remaining.flatMap((s) => s.object.metadata.finalizers ?? []));
  const list = (counts: Map<string, number>, phrase: (key: string, n: number) => string) => [...counts].map(([k, n]) => phrase(k, n)).sort().join(', ');
  failing.set('NamespaceContentRemaining', {
    reason: 'SomeResourcesRemain',
    message: `Some resources are remaining: ${list(byResource, (r, n) => `${r} has ${n} resource instances`)}`,
  });
  if (byFinalizer.size > 0) {
    failing.set('NamespaceFinalizersRemaining', {
      reason: 'SomeFinalizerRemain',
      message: `Some finalizers are remaining: ${list(byFinalizer, (f, n) => `${f} in ${n} resource instances`)}`,
    });
  }
  return failing;
}

/** The namespace's conditions after this pass; the same array when nothing changed (upstream's updateConditions). */
export function updateConditions(existing: NamespaceCondition[], failing: ReturnType<typeof contentConditions>, now: Date): NamespaceCondition[] {
  const next = existing.map((c) => ({ ...c }));
  let changed = false;
  for (const [type, okReason, okMessage] of maintained) {
    const fail = failing.get(type);
    const wanted = { status: fail ? ('True' as const) : ('False' as const), reason: fail?.reason ?? okReason, message: fail?.message ?? okMessage };
    const old = next.find((c) => c.type === type);
    if (!old) {
      next.push({ type, ...wanted, lastTransitionTime: rfc3339(now) });
      changed = true;
    } else if (old.status !== wanted.status || old.reason !== wanted.reason || old.message !== wanted.message) {
      if (old.status !== wanted.status) old.lastTransitionTime = rfc3339(now);
      Object.assign(old, wanted);
      changed = true;
    }
  }
  return changed ? next : existing;
}

function countBy(keys: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return counts;
}
