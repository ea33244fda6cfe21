import type { KubeObject } from '@kronicle/contracts';
import { describe, expect, it } from 'vitest';
import { podPrinter } from './pod';

const now = new Date('2025-01-01T12:00:00Z');
const secondsAgo = (s: number) => new Date(now.getTime() - s * 1000).toISOString();

function pod(spec: object, status: object, metadata: object = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', ...metadata }, spec: { containers: [{ name: 'a' }, { name: 'b' }], ...spec }, status };
}
const running = { running: {} };
const readyRunning = { ready: true, restartCount: 3, state: running };
/** NAME, READY, STATUS, RESTARTS of a pod. */
const summary = (object: KubeObject) => podPrinter.cells(object, now).slice(0, 4);

describe('pod printer', () => {
  it('has upstream columns, wide ones with priority 1', () => {
    expect(podPrinter.columns.map((c) => [c.name, c.type, c.format, c.priority])).toEqual([
      ['Name', 'string', 'name', 0],
      ['Ready', 'string', '', 0],
      ['Status', 'string', '', 0],
      ['Restarts', 'string', '', 0],
      ['Age', 'string', '', 0],
      ['IP', 'string', '', 1],
      ['Node', 'string', '', 1],
      ['Nominated Node', 'string', '', 1],
      ['Readiness Gates', 'string', '', 1],
    ]);
  });

  // Cases after upstream's TestPrintPod.
  it.each([
    ['one of two containers ready', { phase: 'podPhase', containerStatuses: [readyRunning, { restartCount: 3 }] }, ['p', '1/2', 'podPhase', '6']],
    [
      'restarts with a last termination',
      {
        phase: 'podPhase',
        containerStatuses: [{ ...readyRunning, lastState: { terminated: { finishedAt: secondsAgo(10) } } }, { restartCount: 3 }],
      },
      ['p', '1/2', 'podPhase', '6 (10s ago)'],
    ],
    ['both ready', { phase: 'podPhase', containerStatuses: [readyRunning, readyRunning] }, ['p', '2/2', 'podPhase', '6']],
    [
      'a waiting container',
      { phase: 'podPhase', containerStatuses: [readyRunning, { restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } } }] },
      ['p', '1/2', 'CrashLoopBackOff', '6'],
    ],
    [
      'a terminated container with a reason',
      { phase: 'podPhase', containerStatuses: [{ restartCount: 3, state: { terminated: { reason: 'Error', exitCode: 1 } } }, { restartCount: 3, state: running }] },
      ['p', '0/2', 'Error', '6'],
    ],
    [
      'a container killed by a signal',
      { phase: 'Running', containerStatuses: [readyRunning, { state: { terminated: { signal: 9, exitCode: 137 } } }] },
      ['p', '1/2', 'Signal:9', '3'],
    ],
    [
      'a container exited without reason',
      { phase: 'Running', containerStatuses: [readyRunning, { state: { terminated: { exitCode: 2 } } }] },
      ['p', '1/2', 'ExitCode:2', '3'],
    ],
    ['a pending pod', { phase: 'Pending' }, ['p', '0/2', 'Pending', '0']],
    [
      'containers being created',
      { phase: 'Pending', containerStatuses: [{ state: { waiting: { reason: 'ContainerCreating' } } }, { state: { waiting: { reason: 'ContainerCreating' } } }] },
      ['p', '0/2', 'ContainerCreating', '0'],
    ],
    ['an evicted pod', { phase: 'Failed', reason: 'Evicted' }, ['p', '0/2', 'Evicted', '0']],
    [
      'a scheduling-gated pod',
      { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] },
      ['p', '0/2', 'SchedulingGated', '0'],
    ],
    [
      'a completed container while another still runs, pod ready',
      {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [readyRunning, { state: { terminated: { reason: 'Completed', exitCode: 0 } } }],
      },
      ['p', '1/2', 'Running', '3'],
    ],
    [
      'a completed container while another still runs, pod not ready',
      { phase: 'Running', containerStatuses: [readyRunning, { state: { terminated: { reason: 'Completed', exitCode: 0 } } }] },
      ['p', '1/2', 'NotReady', '3'],
    ],
  ])('given %s, then its cells say so', (_, status, expected) => {
    expect(summary(pod({}, status))).toEqual(expected);
  });

  it('given a succeeded pod, then it reads Completed and its row carries the Completed condition', () => {
    const succeeded = pod({}, { phase: 'Succeeded', containerStatuses: [{ state: { terminated: { reason: 'Completed', exitCode: 0 } } }] });
    expect(summary(succeeded)[2]).toBe('Completed');
    expect(podPrinter.conditions!(succeeded)).toEqual([
      { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
    ]);
  });

  it.each([
    ['waiting for its first init container', [{}], 'Init:0/2'],
    ['past its first init container', [{ state: { terminated: { exitCode: 0 } } }, { state: running }], 'Init:1/2'],
    ['with a failing init container', [{ state: { terminated: { reason: 'Error', exitCode: 1 } } }], 'Init:Error'],
    ['with an init container killed by a signal', [{ state: { terminated: { signal: 9, exitCode: 137 } } }], 'Init:Signal:9'],
    ['with an init container exited without reason', [{ state: { terminated: { exitCode: 3 } } }], 'Init:ExitCode:3'],
    ['with an init container crash-looping', [{ restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } } }], 'Init:CrashLoopBackOff'],
    ['with an init container waiting on PodInitializing', [{ state: { waiting: { reason: 'PodInitializing' } } }], 'Init:0/2'],
  ])('given a pod %s, then STATUS is %s', (_, initContainerStatuses, expected) => {
    const statuses = (initContainerStatuses as object[]).map((s, i) => ({ name: `init${i}`, ...s }));
    const initializing = pod({ initContainers: [{ name: 'init0' }, { name: 'init1' }] }, { phase: 'Pending', initContainerStatuses: statuses });
    expect(summary(initializing)[2]).toBe(expected);
  });

  it('given an init container that restarted, then RESTARTS counts it while initializing', () => {
    const initializing = pod(
      { initContainers: [{ name: 'init0' }] },
      { phase: 'Pending', initContainerStatuses: [{ name: 'init0', restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } } }] },
    );
    expect(summary(initializing)[3]).toBe('4');
  });

  it('given a started sidecar, then it counts as a ready container and its restarts stay', () => {
    const withSidecar = pod(
      { initContainers: [{ name: 'sidecar', restartPolicy: 'Always' }] },
      {
        phase: 'Running',
        conditions: [{ type: 'Initialized', status: 'True' }],
        initContainerStatuses: [{ name: 'sidecar', started: true, ready: true, restartCount: 2, state: running }],
        containerStatuses: [readyRunning, readyRunning],
      },
    );
    expect(summary(withSidecar)).toEqual(['p', '3/3', 'Running', '8']);
  });

  it.each([
    ['a running pod', { phase: 'Running' }, 'Terminating'],
    ['a pod on a lost node', { phase: 'Running', reason: 'NodeLost' }, 'Unknown'],
    ['a succeeded pod', { phase: 'Succeeded' }, 'Succeeded'],
  ])('given %s being deleted, then STATUS is %s', (_, status, expected) => {
    expect(summary(pod({}, status, { deletionTimestamp: secondsAgo(1) }))[2]).toBe(expected);
  });

  it('given a scheduled pod, then AGE and the wide cells show where it runs', () => {
    const scheduled = pod(
      { nodeName: 'node-1', readinessGates: [{ conditionType: 'g1' }, { conditionType: 'g2' }] },
      { phase: 'Running', podIPs: [{ ip: '10.0.0.5' }], nominatedNodeName: 'node-2', conditions: [{ type: 'g1', status: 'True' }] },
      { creationTimestamp: secondsAgo(190) },
    );
    expect(podPrinter.cells(scheduled, now).slice(4)).toEqual(['3m10s', '10.0.0.5', 'node-1', 'node-2', '1/2']);
  });

  it('given a new pod, then the wide cells read <none>', () => {
    expect(podPrinter.cells(pod({}, {}), now).slice(4)).toEqual(['<unknown>', '<none>', '<none>', '<none>', '<none>']);
  });
});
