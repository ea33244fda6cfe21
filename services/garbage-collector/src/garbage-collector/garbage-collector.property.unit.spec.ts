import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { OwnerReference } from '@kronicle/contracts';
import type { PropagationPolicy } from '@kronicle/object-lifecycle';
import { configMap, deleteWrite, namespace, TestCluster } from '../test-support';
import { garbageCollector } from './garbage-collector';

type Op =
  | { op: 'create'; owners: { pick: number; block: boolean }[] }
  | { op: 'delete'; pick: number; policy?: PropagationPolicy }
  | { op: 'settle' };

const ops = fc.array(
  fc.oneof(
    { weight: 3, arbitrary: fc.record({ op: fc.constant('create' as const), owners: fc.array(fc.record({ pick: fc.nat(), block: fc.boolean() }), { maxLength: 3 }) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), pick: fc.nat(), policy: fc.constantFrom<PropagationPolicy | undefined>(undefined, 'Background', 'Foreground', 'Orphan') }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('settle' as const) }) },
  ),
  { maxLength: 40 },
);

/**
 * Random ownership forests (several owners per object, blocking or not, references to owners
 * already gone) and random deletions with every policy. `eager`: the collector catches up after
 * every step; otherwise only at `settle` steps, so deletions pile up and interleave.
 */
function run(steps: Op[], eager: boolean): void {
  const c = new TestCluster([garbageCollector]);
  c.act([namespace('default')]);
  const ever: OwnerReference[] = [];
  const live = () => c.state.list({ group: '', resource: 'configmaps', namespace: 'default' }).map((s) => s.object);
  const step = (writes: Parameters<TestCluster['act']>[0]) => (eager ? c.act(writes) : c.write(writes));

  // An owner deleted in the foreground is gone only after every dependent blocking it is gone.
  c.onChange = (change) => {
    if (change.type !== 'DELETED' || !change.previous?.metadata.finalizers?.includes('foregroundDeletion')) return;
    const uid = change.object.metadata.uid;
    expect(live().filter((o) => o.metadata.ownerReferences?.some((r) => r.uid === uid && r.blockOwnerDeletion))).toEqual([]);
  };

  for (const s of steps) {
    if (s.op === 'create') {
      const name = `cm${ever.length}`;
      const owners = ever.length ? [...new Map(s.owners.map((o) => [o.pick % ever.length, o.block])).entries()].map(([i, block]) => ({ ...ever[i], blockOwnerDeletion: block })) : [];
      step([configMap(name, owners)]);
      const created = live().find((o) => o.metadata.name === name)!;
      ever.push({ apiVersion: 'v1', kind: 'ConfigMap', name, uid: created?.metadata.uid ?? `gone-${name}` });
    } else if (s.op === 'delete' && ever.length) {
      const target = ever[s.pick % ever.length];
      const orphans = live().filter((o) => o.metadata.ownerReferences?.some((r) => r.uid === target.uid)).map((o) => o.metadata.name);
      const alive = live().some((o) => o.metadata.uid === target.uid);
      step([deleteWrite('configmaps', 'default', target.name, s.policy)]);
      // Orphaned dependents stay, without the owner's reference.
      if (eager && alive && s.policy === 'Orphan') {
        const after = live();
        for (const name of orphans) {
          const orphan = after.find((o) => o.metadata.name === name);
          expect(orphan).toBeDefined();
          expect(orphan?.metadata.ownerReferences ?? []).not.toContainEqual(expect.objectContaining({ uid: target.uid }));
        }
      }
    } else if (s.op === 'settle') c.settleFromStart();
  }
  c.settleFromStart();

  // Settled: nothing half-deleted, and every remaining reference names a live owner.
  const objects = live();
  const uids = new Set(objects.map((o) => o.metadata.uid));
  for (const o of objects) {
    expect(o.metadata.deletionTimestamp).toBeUndefined();
    for (const ref of o.metadata.ownerReferences ?? []) expect(uids.has(ref.uid)).toBe(true);
  }
}

describe('garbage collector properties', () => {
  it('whatever the order of deletions and policies, it settles with no object left whose owners are gone', () => {
    fc.assert(fc.property(ops, (steps) => run(steps, false)), { numRuns: 200 });
  });

  it('catching up after every step, orphaned dependents always survive without the owner’s reference', () => {
    fc.assert(fc.property(ops, (steps) => run(steps, true)), { numRuns: 200 });
  });
});
