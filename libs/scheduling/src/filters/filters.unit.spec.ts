import { describe, expect, it } from 'vitest';
import { nodeInfo } from '../node-info';
import { podInfo } from '../pod-info';
import { Snapshot } from '../snapshot';
import { testNode, testPod } from '../test-objects';
import { nodeAffinity } from './node-affinity';
import { nodeName } from './node-name';
import { nodePorts } from './node-ports';
import { nodeResourcesFit } from './node-resources-fit';
import { nodeUnschedulable } from './node-unschedulable';
import { taintToleration } from './taint-toleration';
import type { NodeInfo, PodInfo } from '../types';
import type { FilterPlugin } from './filter';

const reasonsOf = (status: { reasons: string[] } | undefined) => status?.reasons;
/** The plugin's verdict on the node, in a cluster of that node alone; a plugin skipped for the pod passes every node. */
const check = (plugin: FilterPlugin, pod: PodInfo, node: NodeInfo) => plugin.prepare(pod, new Snapshot([node]))?.(node);
const resourcesFit = (pod: PodInfo, node: NodeInfo) => check(nodeResourcesFit, pod, node);

describe('NodeResourcesFit', () => {
  it('fits within what is left, and names every insufficient resource in upstream order', () => {
    const snapshot = Snapshot.of([testNode('n', { cpu: '2', memory: '1Gi', pods: '2' })], [podInfo({ ...testPod('old', {}, {}, { cpu: '1500m' }), spec: { nodeName: 'n', containers: [{ resources: { requests: { cpu: '1500m' } } }] } })]);
    const node = snapshot.node('n')!;
    expect(resourcesFit(podInfo(testPod('p', {}, {}, { cpu: '500m' })), node)).toBeUndefined();
    expect(reasonsOf(resourcesFit(podInfo(testPod('p', {}, {}, { memory: '2Gi', cpu: '501m' })), node))).toEqual(['Insufficient cpu', 'Insufficient memory']);
    snapshot.assume(podInfo(testPod('x')), 'n');
    expect(reasonsOf(resourcesFit(podInfo(testPod('p')), node))).toEqual(['Too many pods']);
  });

  it('counts init containers as a maximum and extended resources by name', () => {
    const pod = podInfo(testPod('p', { initContainers: [{ name: 'i', image: 'i', resources: { requests: { cpu: '3' } } }] }, {}, { cpu: '1', 'example.com/gpu': '1' }));
    expect(pod.requests).toMatchObject({ cpu: 3000, 'example.com/gpu': 1, pods: 1 });
    expect(reasonsOf(resourcesFit(pod, nodeInfo(testNode('n', { cpu: '2' }))))).toEqual(['Insufficient cpu', 'Insufficient example.com/gpu']);
  });

  it('names the pod count, then cpu, memory, ephemeral storage, then extended resources by name', () => {
    const full = testNode('n', { cpu: '1', memory: '1Gi', pods: '0' });
    (full.status as { allocatable: Record<string, string> }).allocatable['ephemeral-storage'] = '1Gi';
    const greedy = podInfo(testPod('p', {}, {}, { 'example.com/z': '1', 'ephemeral-storage': '2Gi', 'example.com/a': '1', memory: '2Gi', cpu: '2' }));
    expect(reasonsOf(resourcesFit(greedy, nodeInfo(full)))).toEqual([
      'Too many pods',
      'Insufficient cpu',
      'Insufficient memory',
      'Insufficient ephemeral-storage',
      'Insufficient example.com/a',
      'Insufficient example.com/z',
    ]);
    const modest = podInfo(testPod('p', {}, {}, { 'ephemeral-storage': '1Gi', memory: '1Gi', cpu: '1' }));
    expect(reasonsOf(resourcesFit(modest, nodeInfo(testNode('n', { cpu: '1', memory: '1Gi', pods: '1' }))))).toEqual(['Insufficient ephemeral-storage']);
    expect(resourcesFit(modest, nodeInfo(full))).toEqual({ reasons: ['Too many pods'], unresolvable: false });
  });
});

describe('NodeName, NodeUnschedulable, TaintToleration, NodeAffinity, NodePorts', () => {
  const plain = nodeInfo(testNode('n1', { labels: { disk: 'ssd', gen: '5' } }));

  it('NodeName', () => {
    expect(check(nodeName, podInfo(testPod('p', { nodeName: 'n1' })), plain)).toBeUndefined();
    expect(check(nodeName, podInfo(testPod('p', { nodeName: 'n2' })), plain)).toEqual({ reasons: ["node(s) didn't match the requested node name"], unresolvable: true });
  });

  it('NodeUnschedulable: cordoned nodes only for pods tolerating it', () => {
    const cordoned = nodeInfo(testNode('n', { unschedulable: true }));
    expect(reasonsOf(check(nodeUnschedulable, podInfo(testPod('p')), cordoned))).toEqual(['node(s) were unschedulable']);
    expect(check(nodeUnschedulable, podInfo(testPod('p', { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] })), cordoned)).toBeUndefined();
  });

  it('TaintToleration: NoSchedule and NoExecute need a toleration, PreferNoSchedule does not', () => {
    const tainted = nodeInfo(testNode('n', { taints: [{ key: 'soft', effect: 'PreferNoSchedule' }, { key: 'dedicated', value: 'db', effect: 'NoSchedule' }] }));
    expect(reasonsOf(check(taintToleration, podInfo(testPod('p')), tainted))).toEqual(['node(s) had untolerated taint {dedicated: db}']);
    expect(check(taintToleration, podInfo(testPod('p', { tolerations: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] })), tainted)).toBeUndefined();
    expect(check(taintToleration, podInfo(testPod('p', { tolerations: [{ operator: 'Exists' }] })), tainted)).toBeUndefined();
    expect(check(taintToleration, podInfo(testPod('p', { tolerations: [{ key: 'dedicated', value: 'web' }] })), tainted)).toBeDefined();
  });

  it('NodeAffinity: nodeSelector and required terms (ORed terms, ANDed expressions, Gt, matchFields)', () => {
    const miss = { reasons: ["node(s) didn't match Pod's node affinity/selector"], unresolvable: true };
    expect(check(nodeAffinity, podInfo(testPod('p', { nodeSelector: { disk: 'ssd' } })), plain)).toBeUndefined();
    expect(check(nodeAffinity, podInfo(testPod('p', { nodeSelector: { disk: 'hdd' } })), plain)).toEqual(miss);
    const affinity = (terms: object[]) => podInfo(testPod('p', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } } }));
    expect(check(nodeAffinity, affinity([{ matchExpressions: [{ key: 'gen', operator: 'Gt', values: ['4'] }, { key: 'disk', operator: 'In', values: ['ssd'] }] }]), plain)).toBeUndefined();
    expect(check(nodeAffinity, affinity([{ matchExpressions: [{ key: 'gen', operator: 'Lt', values: ['4'] }] }, { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }]), plain)).toBeUndefined();
    expect(check(nodeAffinity, affinity([{ matchExpressions: [{ key: 'disk', operator: 'DoesNotExist' }] }]), plain)).toEqual(miss);
  });

  it('NodePorts: the same host port conflicts, on the wildcard address or the same one', () => {
    const withPort = (port: number, hostIP?: string) => podInfo(testPod('p', { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 80, hostPort: port, hostIP }] }] }));
    const snapshot = Snapshot.of([testNode('n')], []);
    snapshot.assume(withPort(8080, '10.0.0.1'), 'n');
    const node = snapshot.node('n')!;
    expect(reasonsOf(check(nodePorts, withPort(8080), node))).toEqual(["node(s) didn't have free ports for the requested pod ports"]);
    expect(check(nodePorts, withPort(8080, '10.0.0.2'), node)).toBeUndefined();
    expect(check(nodePorts, withPort(8081), node)).toBeUndefined();
  });
});
