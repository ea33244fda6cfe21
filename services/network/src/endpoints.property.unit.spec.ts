import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Endpoint } from './types';
import { networkCluster, pod, pods, runPod, service, servicesResource } from './testing/network-fixtures';

const op = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), app: fc.constantFrom('web', 'db'), ready: fc.boolean() }),
  fc.record({ kind: fc.constant('ready' as const), index: fc.nat(30), ready: fc.boolean() }),
  fc.record({ kind: fc.constant('relabel' as const), index: fc.nat(30), app: fc.constantFrom('web', 'db') }),
  fc.record({ kind: fc.constant('delete' as const), index: fc.nat(30) }),
);

describe('endpoints follow pods', () => {
  it('after any sequence of pod changes, the ready endpoints of a service are exactly its selected ready pods', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        const cluster = networkCluster();
        cluster.run([{ kind: 'create', resource: servicesResource, object: service('web') }]);
        const names: string[] = [];
        ops.forEach((o, i) => {
          const live = cluster.state.list({ group: '', resource: 'pods' }).map((s) => s.object);
          const target = live.length ? live[('index' in o ? o.index : 0) % live.length] : undefined;
          if (o.kind === 'add') {
            names.push(`p-${i}`);
            cluster.run(runPod(cluster, pod(`p-${i}`, o.app, `10.0.0.${i + 1}`, { ready: o.ready })));
          } else if (target && o.kind === 'ready') {
            const status = { ...(target.status as object), conditions: [{ type: 'Ready', status: o.ready ? 'True' : 'False' }] };
            cluster.run([{ kind: 'update', resource: pods, subresource: 'status', object: { ...target, status } }]);
          } else if (target && o.kind === 'relabel') {
            cluster.run([{ kind: 'update', resource: pods, object: { ...target, metadata: { ...target.metadata, labels: { app: o.app } } } }]);
          } else if (target && o.kind === 'delete') {
            cluster.run([{ kind: 'delete', resource: pods, namespace: 'default', name: target.metadata.name!, options: { gracePeriodSeconds: 0 } }]);
          }
        });
        const expected = cluster.state
          .list({ group: '', resource: 'pods' })
          .map((s) => s.object as { metadata: { name?: string; labels?: Record<string, string> }; status?: { conditions?: { status: string }[] } })
          .filter((p) => p.metadata.labels?.app === 'web' && p.status?.conditions?.[0]?.status === 'True')
          .map((p) => p.metadata.name)
          .sort();
        const fromSlices = cluster.slices('web').flatMap((s) => (s.endpoints as Endpoint[]).filter((e) => e.conditions.ready).map((e) => e.targetRef.name)).sort();
        const fromEndpoints = ((cluster.get('endpoints', 'web')?.subsets as { addresses?: { targetRef: { name: string } }[] }[] | undefined) ?? []).flatMap((s) => (s.addresses ?? []).map((a) => a.targetRef.name)).sort();
        expect(fromSlices).toEqual(expected);
        expect(fromEndpoints).toEqual(expected);
      }),
      { numRuns: 50 },
    );
  });
});
