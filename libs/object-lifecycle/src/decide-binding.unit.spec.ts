import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kronicle/contracts';
import { decideBinding } from './decide-binding';

const now = new Date('2026-01-01T00:00:05Z');
const stored = (pod: Partial<KubeObject> & { spec?: object; metadata?: object }) => ({
  group: '',
  resource: 'pods',
  streamVersion: 1,
  position: 1,
  object: { apiVersion: 'v1', kind: 'Pod', ...pod, metadata: { name: 'x', namespace: 'default', uid: 'u1', ...pod.metadata } } as KubeObject,
});

describe('decideBinding (pods/binding as upstream BindingREST)', () => {
  it('sets the node and PodScheduled=True, keeping the rest of the pod', () => {
    const pod = stored({ spec: { containers: [{ name: 'c', image: 'i' }] }, status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] } });
    const bound = decideBinding(pod, { target: { name: 'node-1' }, metadata: { annotations: { a: 'b' } } }, now);
    expect(bound.spec).toEqual({ containers: [{ name: 'c', image: 'i' }], nodeName: 'node-1' });
    expect(bound.metadata.annotations).toEqual({ a: 'b' });
    expect(bound.status).toEqual({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:05Z' }] });
  });

  it('refuses a pod its scheduling gates hold back, as upstream does (a 500 from inside its update)', () => {
    expect(() => decideBinding(stored({ spec: { schedulingGates: [{ name: 'example.com/foo' }] } }), { target: { name: 'node-1' } }, now)).toThrow(
      'Internal error occurred: pod x has non-empty .spec.schedulingGates',
    );
  });

  it('refuses a pod already assigned, with upstream message', () => {
    expect(() => decideBinding(stored({ spec: { nodeName: 'node-2' } }), { target: { name: 'node-1' } }, now)).toThrow(
      'Operation cannot be fulfilled on pods "x": pod x is already assigned to node "node-2"',
    );
  });

  it('refuses a pod being deleted, a wrong uid and a missing target', () => {
    expect(() => decideBinding(stored({ metadata: { deletionTimestamp: 't' } }), { target: { name: 'n' } }, now)).toThrow(/being deleted/);
    expect(() => decideBinding(stored({}), { target: { name: 'n' }, metadata: { uid: 'other' } }, now)).toThrow(/Precondition failed/);
    try {
      decideBinding(stored({}), {}, now);
      expect.unreachable();
    } catch (err) {
      expect((err as { code: number }).code).toBe(422);
    }
  });
});
