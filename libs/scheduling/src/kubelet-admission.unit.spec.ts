import { describe, expect, it } from 'vitest';
import { kubeletAdmission } from './kubelet-admission';
import { addPod, nodeInfo } from './node-info';
import { podInfo } from './pod-info';
import { testNode, testPod } from './test-objects';

describe("a kubelet's admission of a pod bound to its node (upstream's predicateAdmitHandler)", () => {
  const withPods = (node: ReturnType<typeof testNode>, ...pods: ReturnType<typeof testPod>[]) => {
    const info = nodeInfo(node);
    for (const pod of pods) addPod(info, podInfo(pod));
    return info;
  };

  it('refuses a pod past the node’s pod count, cpu or memory with the first resource short, in upstream’s order and units', () => {
    const full = withPods(testNode('n', { pods: '1' }), testPod('a'));
    expect(kubeletAdmission(podInfo(testPod('b', {}, {}, { cpu: '8' })), full)).toEqual({ reason: 'OutOfpods', message: "Node didn't have enough resource: pods, requested: 1, used: 1, capacity: 1" });
    const busy = withPods(testNode('n', { memory: '1Gi' }), testPod('a', {}, {}, { cpu: '1', memory: '512Mi' }));
    expect(kubeletAdmission(podInfo(testPod('b', {}, {}, { memory: '768Mi' })), busy)).toEqual({
      reason: 'OutOfmemory',
      message: "Node didn't have enough resource: memory, requested: 805306368, used: 536870912, capacity: 1073741824",
    });
    expect(kubeletAdmission(podInfo(testPod('b', {}, {}, { cpu: '3', memory: '512Mi' })), busy)).toBeUndefined();
  });

  it('refuses a pod whose selector, host ports or NoExecute taints the node does not suit; a NoSchedule taint does not matter here', () => {
    const tainted = withPods(testNode('n', { taints: [{ key: 'gone', effect: 'NoExecute' }, { key: 'busy', effect: 'NoSchedule' }] }));
    expect(kubeletAdmission(podInfo(testPod('p')), tainted)).toEqual({ reason: 'TaintToleration', message: "Predicate TaintToleration failed: node(s) had taints that the pod didn't tolerate" });
    expect(kubeletAdmission(podInfo(testPod('p', { tolerations: [{ key: 'gone', operator: 'Exists', effect: 'NoExecute' }] })), tainted)).toBeUndefined();
    const plain = withPods(testNode('n'), testPod('web', { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 80, hostPort: 8080 }] }] }));
    expect(kubeletAdmission(podInfo(testPod('p', { nodeSelector: { disk: 'ssd' } })), plain)).toEqual({ reason: 'NodeAffinity', message: "Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector" });
    expect(kubeletAdmission(podInfo(testPod('p', { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 80, hostPort: 8080 }] }] })), plain)).toEqual({
      reason: 'NodePorts',
      message: "Predicate NodePorts failed: node(s) didn't have free ports for the requested pod ports",
    });
  });
});
