import { describe, expect, it } from 'vitest';
import { podInfo } from '../pod-info';
import { Snapshot } from '../snapshot';
import { testNode, testPod } from '../test-objects';
import { interPodAffinity } from './inter-pod-affinity';
import { podTopologySpread } from './pod-topology-spread';

const zone = (z: string) => ({ 'topology.kubernetes.io/zone': z });
const nodes = [testNode('a1', { labels: zone('a') }), testNode('a2', { labels: zone('a') }), testNode('b1', { labels: zone('b') })];
const placed = (name: string, node: string, labels: Record<string, string>, spec: Record<string, unknown> = {}) => podInfo({ ...testPod(name, spec, labels), spec: { ...testPod(name, spec).spec as object, nodeName: node } });
const verdicts = (plugin: typeof interPodAffinity, pod: ReturnType<typeof podInfo>, snapshot: Snapshot) => {
  const check = plugin.prepare(pod, snapshot);
  return Object.fromEntries(snapshot.nodes.map((n) => [n.name, check?.(n)?.reasons[0] ?? 'fits']));
};
const term = (key: string, app: string) => [{ labelSelector: { matchLabels: { app } }, topologyKey: key }];

describe('InterPodAffinity (required)', () => {
  const snapshot = () => Snapshot.of(nodes, [placed('db', 'a1', { app: 'db' })]);

  it('affinity by zone: only nodes in a zone holding a matching pod', () => {
    const pod = podInfo(testPod('web', { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: term('topology.kubernetes.io/zone', 'db') } } }));
    expect(verdicts(interPodAffinity, pod, snapshot())).toEqual({ a1: 'fits', a2: 'fits', b1: "node(s) didn't match pod affinity rules" });
  });

  it('the first pod of a group that selects itself goes anywhere', () => {
    const pod = podInfo(testPod('c', { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: term('kubernetes.io/hostname', 'cache') } } }, { app: 'cache' }));
    expect(verdicts(interPodAffinity, pod, snapshot())).toEqual({ a1: 'fits', a2: 'fits', b1: 'fits' });
  });

  it('anti-affinity by hostname keeps off the node with a matching pod only', () => {
    const pod = podInfo(testPod('db2', { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: term('kubernetes.io/hostname', 'db') } } }, { app: 'db' }));
    expect(verdicts(interPodAffinity, pod, snapshot())).toEqual({ a1: "node(s) didn't match pod anti-affinity rules", a2: 'fits', b1: 'fits' });
  });

  it("placed pods' anti-affinity by zone keeps matching pods out of their zone", () => {
    const guard = placed('guard', 'b1', { app: 'guard' }, { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: term('topology.kubernetes.io/zone', 'noisy') } } });
    const s = Snapshot.of(nodes, [guard]);
    expect(verdicts(interPodAffinity, podInfo(testPod('n', {}, { app: 'noisy' })), s)).toEqual({ a1: 'fits', a2: 'fits', b1: "node(s) didn't satisfy existing pods anti-affinity rules" });
  });
});

describe('PodTopologySpread (DoNotSchedule)', () => {
  const spread = (key: string, maxSkew = 1) => ({ topologySpreadConstraints: [{ maxSkew, topologyKey: key, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }] });

  it('keeps the skew between zones within maxSkew', () => {
    const s = Snapshot.of(nodes, [placed('w1', 'a1', { app: 'web' })]);
    expect(verdicts(podTopologySpread, podInfo(testPod('w2', spread('topology.kubernetes.io/zone'), { app: 'web' })), s)).toEqual({
      a1: "node(s) didn't match pod topology spread constraints",
      a2: "node(s) didn't match pod topology spread constraints",
      b1: 'fits',
    });
  });

  it('rejects nodes without the topology key as unresolvable', () => {
    const s = Snapshot.of([...nodes, testNode('bare')], []);
    const check = podTopologySpread.prepare(podInfo(testPod('w', spread('topology.kubernetes.io/zone'), { app: 'web' })), s);
    expect(check?.(s.node('bare')!)).toEqual({ reasons: ["node(s) didn't match pod topology spread constraints (missing required label)"], unresolvable: true });
  });
});
