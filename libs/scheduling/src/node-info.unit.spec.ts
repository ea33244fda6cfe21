import { describe, expect, it } from 'vitest';
import { nodeResourcesFit } from './filters/node-resources-fit';
import { nodePorts } from './filters/node-ports';
import { addPod, nodeInfo, removePod } from './node-info';
import { podInfo } from './pod-info';
import { Snapshot } from './snapshot';
import { testNode, testPod } from './test-objects';

describe('removePod', () => {
  const withPort = (name: string) => podInfo(testPod(name, { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 80, hostPort: 8080 }], resources: { requests: { cpu: '1' } } }] }));
  const antiAffinity = { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' }] } } };

  it('gives back the room, the host ports and the anti-affinity a pod took, and nothing for a pod that is not there', () => {
    const node = nodeInfo(testNode('n', { cpu: '2', pods: '2' }));
    const web = withPort('web');
    const guard = podInfo(testPod('guard', antiAffinity, {}, { cpu: '1' }));
    addPod(node, web);
    addPod(node, guard);
    const again = withPort('web-2');
    const verdict = () => [nodeResourcesFit, nodePorts].map((f) => f.prepare(again, new Snapshot([node]))?.(node)?.reasons[0] ?? 'fits');
    expect(verdict()).toEqual(['Too many pods', "node(s) didn't have free ports for the requested pod ports"]);
    removePod(node, podInfo(testPod('stranger', {}, {}, { cpu: '1' })));
    removePod(node, web);
    expect(verdict()).toEqual(['fits', 'fits']);
    expect(node.pods).toEqual([guard]);
    removePod(node, guard);
    expect(node).toMatchObject({ pods: [], podsWithRequiredAntiAffinity: [], usedPorts: [], requested: { cpu: 0, pods: 0 } });
  });
});
