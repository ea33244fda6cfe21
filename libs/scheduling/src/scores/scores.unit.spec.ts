import { describe, expect, it } from 'vitest';
import { nodeInfo } from '../node-info';
import { podInfo } from '../pod-info';
import { Snapshot } from '../snapshot';
import { testNode, testPod } from '../test-objects';
import { balancedAllocation } from './balanced-allocation';
import { leastAllocated } from './least-allocated';

describe('resource scores', () => {
  // 4 cpu and 8Gi; 1 cpu and 512Mi already requested.
  const busy = new Snapshot([nodeInfo(testNode('busy', { cpu: '4', memory: '8Gi' }))]);
  busy.assume(podInfo(testPod('placed', {}, {}, { cpu: '1', memory: '512Mi' })), 'busy');
  const empty = nodeInfo(testNode('empty', { cpu: '4', memory: '8Gi' }));
  const nodes = [busy.node('busy')!, empty];
  const pod = podInfo(testPod('p', {}, {}, { cpu: '1', memory: '512Mi' }));

  it('NodeResourcesFit (LeastAllocated) scores the share left free after placing the pod, per node in the order given', () => {
    // busy: cpu (4000-2000)*100/4000 = 50, memory (8192-1024)*100/8192 = 87, mean 68; empty: 75 and 93, mean 84.
    expect([...leastAllocated.score(pod, busy, nodes)!]).toEqual([68, 84]);
  });

  it('NodeResourcesBalancedAllocation scores how close the cpu and memory fractions stay', () => {
    // busy: cpu 50%, memory 12.5%: (1 - 0.1875) * 100 = 81; empty: 25% and 6.25%: 90.
    expect([...balancedAllocation.score(pod, busy, nodes)!]).toEqual([81, 90]);
  });
});
