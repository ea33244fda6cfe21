import type { KubeObject } from '@kronicle/contracts';
import { describe, expect, it } from 'vitest';
import { nodePrinter } from './node';

const now = new Date('2025-01-01T12:00:00Z');

function node(labels: Record<string, string>, spec: object, status: object): KubeObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', labels, creationTimestamp: '2024-12-30T11:00:00Z' }, spec, status };
}

describe('node printer', () => {
  it('has upstream columns', () => {
    expect(nodePrinter.columns.map((c) => `${c.name}:${c.priority}`)).toEqual([
      'Name:0', 'Status:0', 'Roles:0', 'Age:0', 'Version:0',
      'Internal-IP:1', 'External-IP:1', 'OS-Image:1', 'Kernel-Version:1', 'Container-Runtime:1',
    ]);
  });

  it.each([
    ['ready', [{ type: 'Ready', status: 'True' }], false, 'Ready'],
    ['not ready', [{ type: 'Ready', status: 'False' }], false, 'NotReady'],
    ['of unknown readiness', [{ type: 'Ready', status: 'Unknown' }], false, 'NotReady'],
    ['without a Ready condition', [{ type: 'MemoryPressure', status: 'False' }], false, 'Unknown'],
    ['cordoned', [{ type: 'Ready', status: 'True' }], true, 'Ready,SchedulingDisabled'],
  ])('given a node %s, then STATUS is upstream\'s', (_, conditions, unschedulable, expected) => {
    expect(nodePrinter.cells(node({}, { unschedulable }, { conditions }), now)[1]).toBe(expected);
  });

  it('given role labels, then ROLES lists them sorted', () => {
    const labels = { 'node-role.kubernetes.io/worker': '', 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/role': 'infra', 'node-role.kubernetes.io/': 'x' };
    expect(nodePrinter.cells(node(labels, {}, {}), now)[2]).toBe('control-plane,infra,worker');
  });

  it('given a node that reported its info, then every cell shows it', () => {
    const reported = node({}, {}, {
      conditions: [{ type: 'Ready', status: 'True' }],
      addresses: [{ type: 'Hostname', address: 'n1' }, { type: 'InternalIP', address: '10.0.0.1' }],
      nodeInfo: { kubeletVersion: 'v1.32.0', osImage: 'Debian GNU/Linux 12', kernelVersion: '6.1.0', containerRuntimeVersion: 'containerd://1.7' },
    });
    expect(nodePrinter.cells(reported, now)).toEqual([
      'n1', 'Ready', '<none>', '2d1h', 'v1.32.0', '10.0.0.1', '<none>', 'Debian GNU/Linux 12', '6.1.0', 'containerd://1.7',
    ]);
  });

  it('given a node that reported nothing, then it shows upstream\'s placeholders', () => {
    expect(nodePrinter.cells(node({}, {}, {}), now).slice(4)).toEqual(['', '<none>', '<none>', '<unknown>', '<unknown>', '<unknown>']);
  });
});
