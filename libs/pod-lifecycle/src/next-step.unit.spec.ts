import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kronicle/contracts';
import { behaviourOf, profiles } from './behaviour';
import { awaitsStep, nextStep, nextWrite, type NodeContext, type Step } from './next-step';
import { statusOf } from './pod-status';
import { containerLog } from './simulated-logs';
import { stages } from './stages';

const node: NodeContext = { name: 'node-1', internalIP: '192.168.0.1', allocatePodIp: () => '10.244.1.2', stoppingReported: () => false, admit: () => undefined, references: () => ({ configMap: () => undefined, secret: () => undefined }), lastReported: () => undefined };
const t0 = Date.parse('2026-01-01T00:00:00Z');
const at = (seconds: number) => new Date(t0 + seconds * 1000);

function pod(annotations: Record<string, string> = {}, spec: object = {}, extra: Partial<KubeObject> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'x', namespace: 'default', uid: 'u', annotations },
    spec: { nodeName: 'node-1', restartPolicy: 'Always', containers: [{ name: 'c', image: 'nginx' }], ...spec },
    status: { phase: 'Pending', qosClass: 'BestEffort' },
    ...extra,
  };
}

/** Drives a pod through the engine: applies each status step, follows waits, and records (second, stage) and (second, event). */
function run(start: KubeObject, until: number, profile = profiles.general): { trace: string[]; events: string[]; pod: KubeObject } {
  let current = start;
  let now = 0;
  const trace: string[] = [];
  const events: string[] = [];
  let stopReported = false;
  const kubelet: NodeContext = { ...node, stoppingReported: () => stopReported };
  for (let i = 0; i < 50 && now <= until; i++) {
    const step: Step = nextStep(current, at(now), kubelet, profile);
    if (step.kind === 'none') break;
    if (step.kind !== 'wait') {
      trace.push(`${now}s ${step.stage}`);
      for (const e of step.events) events.push(`${now}s ${e.type} ${e.reason} ${e.fieldPath}: ${e.message}`);
    }
    if (step.kind === 'wait' || step.kind === 'stop' || step.kind === 'report') {
      stopReported ||= step.kind === 'stop';
      now += step.ms / 1000;
      continue;
    }
    if (step.kind === 'delete') break;
    current = { ...current, status: step.status };
  }
  return { trace, events, pod: current };
}

/** A simulated log's lines, each with its second. */
const lines = (log: ReturnType<typeof containerLog>) => log?.lines.map((l) => `${(l.at - t0) / 1000}s ${l.text}`);

describe('stage engine (golden traces)', () => {
  it('a pod on the host network gets its node address, and none from the podCIDR', () => {
    const kubelet: NodeContext = { ...node, allocatePodIp: () => expect.unreachable('no pod address for a host-network pod') };
    const step = nextStep(pod({}, { hostNetwork: true }), at(0), kubelet, profiles.general);
    expect(step).toMatchObject({ kind: 'status', status: { podIP: '192.168.0.1', podIPs: [{ ip: '192.168.0.1' }], hostIP: '192.168.0.1' } });
  });

  it('a pod its kubelet refuses to admit fails at once, never starts, and says why (rejectPod)', () => {
    const rejection = { reason: 'OutOfcpu', message: "Node didn't have enough resource: cpu, requested: 8000, used: 100, capacity: 4000" };
    const kubelet: NodeContext = { ...node, allocatePodIp: () => expect.unreachable('no address for a refused pod'), admit: () => rejection };
    for (const profile of [profiles.general, profiles.fast]) {
      const step = nextWrite(pod(), at(0), kubelet, profile);
      expect(step).toEqual({
        kind: 'status',
        stage: 'pod-create',
        status: { phase: 'Failed', qosClass: 'BestEffort', reason: 'OutOfcpu', message: `Pod was rejected: ${rejection.message}`, startTime: '2026-01-01T00:00:00Z' },
        events: [{ type: 'Warning', ...rejection }],
      });
      expect(awaitsStep({ ...pod(), status: step.kind === 'status' ? step.status : {} }, profile)).toBe(false);
    }
  });

  it('an ephemeral container added to a running pod (kubectl debug) starts at once, never ready, and stops with the pod', () => {
    const { pod: running } = run(pod(), 100);
    const debugged = { ...running, spec: { ...(running.spec as object), ephemeralContainers: [{ name: 'debugger', image: 'busybox', imagePullPolicy: 'Always' }] } };
    expect(awaitsStep(debugged, profiles.general)).toBe(true);
    const { trace, events, pod: after } = run(debugged, 200);
    expect(trace).toEqual(['0s ephemeral-container-start']);
    expect(events).toEqual([
      '0s Normal Pulling spec.ephemeralContainers{debugger}: Pulling image "busybox"',
      expect.stringMatching(/^0s Normal Pulled spec\.ephemeralContainers\{debugger\}: Successfully pulled image "busybox"/),
      '0s Normal Created spec.ephemeralContainers{debugger}: Created container: debugger',
      '0s Normal Started spec.ephemeralContainers{debugger}: Started container debugger',
    ]);
    const [status] = statusOf(after).ephemeralContainerStatuses!;
    expect(status).toEqual({ name: 'debugger', image: 'busybox', imageID: '', containerID: expect.stringMatching(/^containerd:\/\//), ready: false, restartCount: 0, state: { running: { startedAt: '2026-01-01T00:00:00Z' } }, lastState: {} });
    expect(statusOf(after).containerStatuses).toEqual(statusOf(running).containerStatuses);
    expect(lines(containerLog(after, { container: 'debugger' }))).toEqual(['0s 2026-01-01T00:00:00Z debugger: started busybox']);
    // Under the fast profile it starts as well, without the routine Events.
    expect(run(debugged, 200, profiles.fast).events).toEqual([]);
    // A deleted pod's last status ends it with the containers.
    const deleting = { ...after, metadata: { ...after.metadata, deletionTimestamp: '2026-01-01T00:00:30Z', deletionGracePeriodSeconds: 30 } };
    const last = nextStep(deleting, at(30), node, profiles.general);
    expect(last).toMatchObject({ kind: 'delete', status: { ephemeralContainerStatuses: [{ name: 'debugger', state: { terminated: { exitCode: 0, reason: 'Completed' } } }] } });
    // Stopped as the pod's own containers are, with a Killing each.
    expect(last).toMatchObject({
      events: [
        { reason: 'Killing', message: 'Stopping container c', fieldPath: 'spec.containers{c}' },
        { reason: 'Killing', message: 'Stopping container debugger', fieldPath: 'spec.ephemeralContainers{debugger}' },
      ],
    });
  });

  it('a long-running pod: ContainerCreating, then Running and Ready', () => {
    const { trace, pod: running } = run(pod(), 100);
    expect(trace).toEqual(['0s pod-create', '1s container-start']);
    expect(running.status).toMatchObject({
      phase: 'Running',
      hostIP: '192.168.0.1',
      podIP: '10.244.1.2',
      startTime: '2026-01-01T00:00:00Z',
      containerStatuses: [{ name: 'c', ready: true, started: true, restartCount: 0, state: { running: { startedAt: '2026-01-01T00:00:01Z' } } }],
    });
    expect((running.status as { conditions: { type: string; status: string }[] }).conditions.map((c) => `${c.type}=${c.status}`)).toEqual([
      'PodReadyToStartContainers=True',
      'Initialized=True',
      'Ready=True',
      'ContainersReady=True',
      'PodScheduled=True',
    ]);
  });

  it('init containers run one after the other, a sidecar keeps running, then the containers start', () => {
    const withInits = pod({}, { initContainers: [{ name: 'setup', image: 'busybox:1.36' }, { name: 'proxy', image: 'envoy', restartPolicy: 'Always' }] });
    const conditions = (p: KubeObject) => statusOf(p).conditions!.filter((c) => c.type === 'Initialized').map((c) => `${c.status} ${c.reason ?? ''} ${c.message ?? ''}`.trim());
    const states = (p: KubeObject) =>
      [...(statusOf(p).initContainerStatuses ?? []), ...(statusOf(p).containerStatuses ?? [])].map((c) => `${c.name}:${Object.keys(c.state)[0]}:${c.state.waiting?.reason ?? c.state.terminated?.reason ?? ''}:${c.ready}`);

    const created = run(withInits, 0.5).pod;
    expect(states(created)).toEqual(['setup:waiting:PodInitializing:false', 'proxy:waiting:PodInitializing:false', 'c:waiting:PodInitializing:false']);
    expect(conditions(created)).toEqual(['False ContainersNotInitialized containers with incomplete status: [setup proxy]']);
    expect(states(run(withInits, 1.5).pod)).toEqual(['setup:running::false', 'proxy:waiting:PodInitializing:false', 'c:waiting:PodInitializing:false']);
    // Upstream reports an init container that completed as ready.
    expect(states(run(withInits, 2.5).pod)).toEqual(['setup:terminated:Completed:true', 'proxy:waiting:PodInitializing:false', 'c:waiting:PodInitializing:false']);
    const initialized = run(withInits, 3.5).pod;
    expect(states(initialized)).toEqual(['setup:terminated:Completed:true', 'proxy:running::true', 'c:waiting:PodInitializing:false']);
    expect(conditions(initialized)).toEqual(['True']);

    const { trace, events, pod: running } = run(withInits, 100);
    expect(trace).toEqual(['0s pod-create', '1s init-container-start', '2s init-container-exit', '3s init-container-start', '4s container-start']);
    expect(states(running)).toEqual(['setup:terminated:Completed:true', 'proxy:running::true', 'c:running::true']);
    expect(events).toEqual([
      '1s Normal Pulled spec.initContainers{setup}: Container image "busybox:1.36" already present on machine',
      '1s Normal Created spec.initContainers{setup}: Created container: setup',
      '1s Normal Started spec.initContainers{setup}: Started container setup',
      '3s Normal Pulled spec.initContainers{proxy}: Container image "envoy" already present on machine',
      '3s Normal Created spec.initContainers{proxy}: Created container: proxy',
      '3s Normal Started spec.initContainers{proxy}: Started container proxy',
      '4s Normal Pulled spec.containers{c}: Container image "nginx" already present on machine',
      '4s Normal Created spec.containers{c}: Created container: c',
      '4s Normal Started spec.containers{c}: Started container c',
    ]);
    expect(lines(containerLog(running, { container: 'setup' }))).toEqual(['1s 2026-01-01T00:00:01Z setup: started busybox:1.36', '2s 2026-01-01T00:00:02Z setup: exited with code 0']);

    // kwok's fast profile: all of it in the pod's first write.
    const fast = nextWrite(withInits, at(0), node, profiles.fast);
    expect(fast.kind === 'status' && fast.stage).toBe('pod-create+init-container-start+init-container-exit+init-container-start+container-start');
    expect(fast.kind === 'status' && states({ ...withInits, status: fast.status })).toEqual(['setup:terminated:Completed:true', 'proxy:running::true', 'c:running::true']);
  });

  it('a failing init container: the pod fails under restartPolicy Never, else it restarts with CrashLoopBackOff', () => {
    const failing = (restartPolicy: string) => pod({ 'kronicle.dev/init-exit-code': '2' }, { restartPolicy, initContainers: [{ name: 'setup', image: 'busybox:1.36' }] });
    const setup = (p: KubeObject) => statusOf(p).initContainerStatuses![0];

    const never = run(failing('Never'), 100);
    expect(never.trace).toEqual(['0s pod-create', '1s init-container-start', '2s init-container-exit']);
    expect(statusOf(never.pod).phase).toBe('Failed');
    expect(setup(never.pod).state.terminated).toMatchObject({ exitCode: 2, reason: 'Error' });
    expect(statusOf(never.pod).containerStatuses![0].state.waiting?.reason).toBe('PodInitializing');
    expect(statusOf(never.pod).conditions!.find((c) => c.type === 'Initialized')).toMatchObject({ status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [setup]' });

    // Always: restarted at once, then after 10 s, 20 s …, as a container is.
    const always = run(failing('Always'), 40);
    expect(always.trace).toEqual([
      '0s pod-create',
      '1s init-container-start',
      '2s init-container-exit',
      '2s init-container-restart',
      '3s init-container-exit',
      '13s init-container-restart',
      '14s init-container-exit',
      '34s init-container-restart',
      '35s init-container-exit',
    ]);
    expect(setup(always.pod)).toMatchObject({ restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 2, reason: 'Error' } } });
    expect(statusOf(always.pod).phase).toBe('Pending');
    expect(always.events.filter((e) => e.includes('BackOff'))).toEqual([
      '3s Warning BackOff spec.initContainers{setup}: Back-off restarting failed container setup in pod x_default(u)',
      '14s Warning BackOff spec.initContainers{setup}: Back-off restarting failed container setup in pod x_default(u)',
      '35s Warning BackOff spec.initContainers{setup}: Back-off restarting failed container setup in pod x_default(u)',
    ]);
  });

  it('readiness gates: Ready only once another controller sets their conditions True, and the kubelet keeps those conditions', () => {
    const gated = pod({}, { readinessGates: [{ conditionType: 'example.com/lb-ready' }] });
    const { pod: running } = run(gated, 100);
    const conditionsOf = (p: KubeObject) => statusOf(p).conditions!.map((c) => `${c.type}=${c.status}${c.reason ? ` ${c.reason}` : ''}${c.message ? `: ${c.message}` : ''}`);
    expect(conditionsOf(running)).toEqual([
      'PodReadyToStartContainers=True',
      'Initialized=True',
      'Ready=False ReadinessGatesNotReady: corresponding condition of pod readiness gate "example.com/lb-ready" does not exist.',
      'ContainersReady=True',
      'PodScheduled=True',
    ]);
    expect(awaitsStep(running, profiles.general)).toBe(false);
    const withGate = (status: string) => ({
      ...running,
      status: { ...statusOf(running), conditions: [...statusOf(running).conditions!, { type: 'example.com/lb-ready', status, lastProbeTime: null, lastTransitionTime: '2026-01-01T00:01:00Z' }] },
    });
    expect(awaitsStep(withGate('False'), profiles.general)).toBe(true);
    expect(conditionsOf(run(withGate('False'), 10).pod)[2]).toBe('Ready=False ReadinessGatesNotReady: the status of pod readiness gate "example.com/lb-ready" is not "True", but False');
    const { trace, pod: ready } = run(withGate('True'), 10);
    expect(trace).toEqual(['0s pod-readiness-gates']);
    expect(conditionsOf(ready)).toEqual(['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True', 'example.com/lb-ready=True']);
    expect(awaitsStep(ready, profiles.general)).toBe(false);
  });

  it("keeps conditions other controllers set (an eviction's DisruptionTarget) through its own status writes", () => {
    const { pod: running } = run(pod(), 10);
    const disruption = { type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:20Z', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' };
    const evicted = { ...running, status: { ...statusOf(running), conditions: [...statusOf(running).conditions!, disruption] }, metadata: { ...running.metadata, deletionTimestamp: '2026-01-01T00:00:50Z', deletionGracePeriodSeconds: 30 } };
    const last = nextStep(evicted, at(60), node, profiles.general);
    expect(last.kind === 'delete' && last.status?.conditions).toContainEqual(disruption);
  });

  it('readiness delay: Running first, Ready later', () => {
    expect(run(pod({ 'kronicle.dev/readiness-delay-seconds': '5' }), 100, profiles.fast).trace).toEqual(['0s pod-create', '0s container-start', '5s pod-ready']);
  });

  it('a Job pod exits 0 after a short run and completes', () => {
    const job = pod({}, { restartPolicy: 'Never' }, {});
    job.metadata.ownerReferences = [{ apiVersion: 'batch/v1', kind: 'Job', name: 'j', uid: 'j', controller: true }];
    const { trace, pod: done } = run(job, 100, profiles.fast);
    expect(trace).toEqual(['0s pod-create', '0s container-start', '2s container-exit']);
    expect(done.status).toMatchObject({ phase: 'Succeeded', containerStatuses: [{ state: { terminated: { exitCode: 0, reason: 'Completed' } } }] });
  });

  it('OnFailure restarts only failures; Never fails the pod', () => {
    const failed = run(pod({ 'kronicle.dev/run-seconds': '3', 'kronicle.dev/exit-code': '2' }, { restartPolicy: 'Never' }), 100, profiles.fast).pod;
    expect(failed.status).toMatchObject({ phase: 'Failed' });
    const succeeded = run(pod({ 'kronicle.dev/run-seconds': '3' }, { restartPolicy: 'OnFailure' }), 100, profiles.fast).pod;
    expect(succeeded.status).toMatchObject({ phase: 'Succeeded' });
    // Ready's reason in a terminal phase, as upstream's generatePodReadyConditionForTerminalPhase.
    const readyReason = (p: KubeObject) => statusOf(p).conditions?.find((c) => c.type === 'Ready')?.reason;
    expect([readyReason(failed), readyReason(succeeded)]).toEqual(['PodFailed', 'PodCompleted']);
  });

  it('activeDeadlineSeconds: the pod fails when it has been active on its node that long (DeadlineExceeded), its containers killed', () => {
    const { trace, events, pod: failed } = run(pod({}, { activeDeadlineSeconds: 30 }), 100);
    expect(trace).toEqual(['0s pod-create', '1s container-start', '30s pod-deadline']);
    expect(events.filter((e) => e.includes('Deadline'))).toEqual(['30s Normal DeadlineExceeded undefined: Pod was active on the node longer than the specified deadline']);
    expect(failed.status).toMatchObject({
      phase: 'Failed',
      reason: 'DeadlineExceeded',
      message: 'Pod was active on the node longer than the specified deadline',
      containerStatuses: [{ ready: false, started: false, state: { terminated: { exitCode: 0, reason: 'Completed', finishedAt: '2026-01-01T00:00:30Z' } } }],
    });
    expect(statusOf(failed).conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'PodFailed' });
    // Counted from the pod's start on the node, also while it is still initializing or crashing.
    expect(run(pod({ 'kronicle.dev/crash': 'true' }, { activeDeadlineSeconds: 5 }), 100).trace.at(-1)).toBe('5s pod-deadline');
    expect(awaitsStep(failed, profiles.general)).toBe(false);
  });

  it('a crashing container restarts at once, then with CrashLoopBackOff 10 s, 20 s, 40 s', () => {
    const { trace, pod: crashing } = run(pod({ 'kronicle.dev/crash': 'true' }), 75, profiles.fast);
    expect(trace).toEqual([
      '0s pod-create',
      '0s container-start',
      '1s container-exit',
      '1s container-restart',
      '2s container-exit',
      '12s container-restart',
      '13s container-exit',
      '33s container-restart',
      '34s container-exit',
      '74s container-restart',
      '75s container-exit',
    ]);
    expect(crashing.status).toMatchObject({
      phase: 'Running',
      containerStatuses: [{ restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 80s restarting failed container=c pod=x_default(u)' } }, lastState: { terminated: { exitCode: 1, reason: 'Error' } } }],
    });
  });

  it('a liveness failure kills the container with 137', () => {
    const step = nextStep(run(pod({ 'kronicle.dev/liveness-fail-seconds': '4' }), 3, profiles.fast).pod, at(4), node, profiles.fast);
    expect(step).toMatchObject({ kind: 'status', stage: 'container-exit', events: [{ reason: 'Killing' }] });
  });

  it('graceful deletion: containers stop within the grace period, then the pod goes', () => {
    const running = run(pod({ 'kronicle.dev/stop-seconds': '5' }), 10, profiles.fast).pod;
    const deleting = { ...running, metadata: { ...running.metadata, deletionTimestamp: '2026-01-01T00:00:40Z', deletionGracePeriodSeconds: 30 } };
    expect(nextStep(deleting, at(12), node, profiles.fast)).toEqual({ kind: 'wait', stage: 'pod-delete', ms: 3000 });
    expect(nextStep(deleting, at(15), node, profiles.fast)).toEqual({ kind: 'delete', stage: 'pod-delete', events: [] });
    const unstarted = { ...pod(), metadata: { ...pod().metadata, deletionTimestamp: '2026-01-01T00:00:30Z', deletionGracePeriodSeconds: 30 } };
    expect(nextStep(unstarted, at(0), node, profiles.fast)).toEqual({ kind: 'delete', stage: 'pod-delete-finished', events: [] });
  });

  it('simulated logs: the given lines one a second from the start, cut where the container ended, and how it ended', () => {
    const running = run(pod({ 'kronicle.dev/log-lines': 'one\ntwo\nthree' }), 0, profiles.fast).pod;
    expect(containerLog(running)).toEqual({ startedAt: '2026-01-01T00:00:00Z', lines: expect.any(Array) });
    expect(lines(containerLog(running))).toEqual(['0s one', '1s two', '2s three']);
    expect(lines(containerLog(run(pod(), 5, profiles.fast).pod))).toEqual(['0s 2026-01-01T00:00:00Z c: started nginx']);
    expect(containerLog(pod())).toBeUndefined();

    const crashed = run(pod({ 'kronicle.dev/log-lines': 'one\ntwo\nthree', 'kronicle.dev/crash': 'true' }), 1, profiles.fast).pod;
    expect(lines(containerLog(crashed, { previous: true }))).toEqual(['0s one', '1s two', '1s 2026-01-01T00:00:01Z c: exited with code 1']);
    expect(containerLog(crashed, { previous: true })?.finishedAt).toBe(t0 + 1000);
    expect(containerLog(crashed, { container: 'other' })).toBeUndefined();

    // Waiting in CrashLoopBackOff after its second crash: the instance that crashed, as upstream's kubelet serves it.
    const backingOff = run(pod({ 'kronicle.dev/log-lines': 'one\ntwo\nthree', 'kronicle.dev/crash': 'true' }), 3, profiles.fast).pod;
    expect(statusOf(backingOff).containerStatuses?.[0].state.waiting?.reason).toBe('CrashLoopBackOff');
    expect(lines(containerLog(backingOff))).toEqual(['1s one', '2s two', '2s 2026-01-01T00:00:02Z c: exited with code 1']);
    expect(containerLog(backingOff)).toEqual(containerLog(backingOff, { previous: true }));
  });
});

describe("the kubelet's events", () => {
  const withPolicy = (imagePullPolicy: string, containers = ['c']) => pod({}, { containers: containers.map((name) => ({ name, image: 'nginx:1.27', imagePullPolicy })) });
  const deleting = (p: KubeObject) => ({ ...p, metadata: { ...p.metadata, deletionTimestamp: '2026-01-01T00:00:40Z', deletionGracePeriodSeconds: 30 } });

  it('an image present on the node: Pulled, Created and Started for each container as it starts', () => {
    expect(run(withPolicy('IfNotPresent', ['web', 'sidecar']), 100).events).toEqual([
      '1s Normal Pulled spec.containers{web}: Container image "nginx:1.27" already present on machine',
      '1s Normal Created spec.containers{web}: Created container: web',
      '1s Normal Started spec.containers{web}: Started container web',
      '1s Normal Pulled spec.containers{sidecar}: Container image "nginx:1.27" already present on machine',
      '1s Normal Created spec.containers{sidecar}: Created container: sidecar',
      '1s Normal Started spec.containers{sidecar}: Started container sidecar',
    ]);
  });

  it('imagePullPolicy Always: Pulling with ContainerCreating, then Pulled after the time it took', () => {
    expect(run(withPolicy('Always'), 100).events.slice(0, 2)).toEqual([
      '0s Normal Pulling spec.containers{c}: Pulling image "nginx:1.27"',
      '1s Normal Pulled spec.containers{c}: Successfully pulled image "nginx:1.27" in 1s (1s including waiting). Image size: 0 bytes.',
    ]);
  });

  it('every restart starts the container again, with a pull under Always', () => {
    const crashing = pod({ 'kronicle.dev/crash': 'true' }, { containers: [{ name: 'c', image: 'nginx', imagePullPolicy: 'Always' }] });
    const atRestart = run(crashing, 3).events.filter((e) => e.startsWith('2s '));
    expect(atRestart.map((e) => e.split(' ').slice(1, 3).join(' '))).toEqual(['Normal Pulling', 'Normal Pulled', 'Normal Created', 'Normal Started']);
    expect(atRestart[1]).toContain('Successfully pulled image "nginx" in 0s (0s including waiting)');
    expect(run(crashing, 13).events.filter((e) => e.includes('BackOff'))).toEqual(['3s Warning BackOff spec.containers{c}: Back-off restarting failed container c in pod x_default(u)']);
  });

  it('a changed image (kubectl set image pod/…): only that running container is killed and started again with it, whatever the restart policy', () => {
    const running = run(pod({}, { restartPolicy: 'Never', containers: [{ name: 'web', image: 'nginx:1.25', imagePullPolicy: 'IfNotPresent' }, { name: 'log', image: 'busybox' }] }), 10).pod;
    const spec = running.spec as { containers: object[] };
    const updated = { ...running, spec: { ...spec, containers: [{ name: 'web', image: 'nginx:1.26', imagePullPolicy: 'IfNotPresent' }, spec.containers[1]] } };
    expect(awaitsStep(running, profiles.general)).toBe(false);
    expect(awaitsStep(updated, profiles.general)).toBe(true);
    const { trace, events, pod: after } = run(updated, 100);
    expect(trace).toEqual(['0s container-replace']);
    expect(events).toEqual([
      '0s Normal Killing spec.containers{web}: Container web definition changed, will be restarted',
      '0s Normal Pulled spec.containers{web}: Container image "nginx:1.26" already present on machine',
      '0s Normal Created spec.containers{web}: Created container: web',
      '0s Normal Started spec.containers{web}: Started container web',
    ]);
    const [web, log] = statusOf(after).containerStatuses!;
    const [before] = statusOf(running).containerStatuses!;
    expect(web).toEqual({
      ...before,
      image: 'nginx:1.26',
      containerID: expect.not.stringMatching(before.containerID!),
      restartCount: 1,
      state: { running: { startedAt: '2026-01-01T00:00:00Z' } },
      lastState: { terminated: { exitCode: 0, reason: 'Completed', startedAt: '2026-01-01T00:00:01Z', finishedAt: '2026-01-01T00:00:00Z', containerID: before.containerID } },
    });
    expect(log).toEqual(statusOf(running).containerStatuses![1]);
    expect(statusOf(after).phase).toBe('Running');
    // A container that would not stop within the grace period is killed: 137. Unchanged, nothing more happens.
    const slow = { ...updated, metadata: { ...updated.metadata, annotations: { 'kronicle.dev/stop-seconds': '60' } } };
    expect(statusOf(run(slow, 100).pod).containerStatuses![0].lastState.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
    expect(awaitsStep(after, profiles.general)).toBe(false);
  });

  it('a sidecar whose image changed is restarted as an init container, in upstream’s words; a completed init container is not', () => {
    const withInits = pod({}, { initContainers: [{ name: 'setup', image: 'busybox:1.36' }, { name: 'proxy', image: 'envoy:1', restartPolicy: 'Always' }] });
    const running = run(withInits, 100).pod;
    const spec = running.spec as { initContainers: object[] };
    const updated = { ...running, spec: { ...spec, initContainers: [{ name: 'setup', image: 'busybox:1.37' }, { name: 'proxy', image: 'envoy:2', restartPolicy: 'Always' }] } };
    const { trace, events, pod: after } = run(updated, 200);
    expect(trace).toEqual(['0s container-replace']);
    expect(events[0]).toBe('0s Normal Killing spec.initContainers{proxy}: Init container proxy definition changed');
    const [setup, proxy] = statusOf(after).initContainerStatuses!;
    expect(setup).toEqual(statusOf(running).initContainerStatuses![0]);
    expect(proxy).toMatchObject({ image: 'envoy:2', restartCount: 1, ready: true, state: { running: { startedAt: '2026-01-01T00:00:00Z' } } });
    expect(statusOf(after).containerStatuses).toEqual(statusOf(running).containerStatuses);
  });

  it('a container waiting in CrashLoopBackOff starts with the image its spec has by then', () => {
    const crashed = run(pod({ 'kronicle.dev/crash': 'true' }), 3.5).pod;
    expect(statusOf(crashed).containerStatuses![0].state.waiting?.reason).toBe('CrashLoopBackOff');
    const updated = { ...crashed, spec: { ...(crashed.spec as object), containers: [{ name: 'c', image: 'nginx:2' }] } };
    const { trace, pod: after } = run(updated, 13);
    expect(trace).toEqual(['13s container-restart']);
    expect(statusOf(after).containerStatuses![0]).toMatchObject({ image: 'nginx:2', restartCount: 2, state: { running: {} } });
  });

  it('deletion stops running containers (Killing), not those already gone', () => {
    const running = run(withPolicy('IfNotPresent'), 10).pod;
    const killing = [{ type: 'Normal', reason: 'Killing', message: 'Stopping container c', fieldPath: 'spec.containers{c}' }];
    expect(nextStep(deleting(running), at(41), node, profiles.general)).toMatchObject({ kind: 'delete', stage: 'pod-delete', events: killing });
    expect(nextStep(deleting(withPolicy('IfNotPresent')), at(41), node, profiles.general)).toMatchObject({ kind: 'delete', events: [] });
  });

  it('containers slow to stop: Killing as they begin to, once; the pod goes when they have stopped', () => {
    const slow = pod({ 'kronicle.dev/stop-seconds': '5' }, { containers: [{ name: 'c', image: 'nginx', imagePullPolicy: 'IfNotPresent' }] });
    const running = deleting(run(slow, 10).pod);
    const killing = [{ type: 'Normal', reason: 'Killing', message: 'Stopping container c', fieldPath: 'spec.containers{c}' }];
    // Deletion began at 10 s (40 s less the 30 s grace period): the containers are gone at 15 s.
    expect(nextStep(running, at(12), node, profiles.general)).toEqual({ kind: 'stop', stage: 'pod-delete', events: killing, ms: 3000 });
    const reported: NodeContext = { ...node, stoppingReported: (p) => p.metadata.uid === 'u' };
    expect(nextStep(running, at(12), reported, profiles.general)).toEqual({ kind: 'wait', stage: 'pod-delete', ms: 3000 });
    expect(nextStep(running, at(15), reported, profiles.general)).toMatchObject({ kind: 'delete', stage: 'pod-delete', events: [] });
    expect(nextStep(running, at(12), node, profiles.fast)).toEqual({ kind: 'wait', stage: 'pod-delete', ms: 3000 });
    expect(run(running, 100).events).toEqual(['0s Normal Killing spec.containers{c}: Stopping container c']);
  });

  it("a deleted pod's last status before it goes: containers terminated, Succeeded when they stopped within the grace period, else Failed with 137", () => {
    const ended = (annotations: Record<string, string>) => {
      const step = nextStep(deleting(run(pod(annotations), 10).pod), at(100), node, profiles.general);
      return step.kind === 'delete' ? step.status : undefined;
    };
    expect(ended({})).toMatchObject({
      phase: 'Succeeded',
      containerStatuses: [{ ready: false, started: false, state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: '2026-01-01T00:00:01Z', finishedAt: '2026-01-01T00:01:40Z' } } }],
    });
    expect((ended({})?.conditions ?? []).find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    // 600 s to stop, 30 s of grace: killed when the grace period ran out.
    expect(ended({ 'kronicle.dev/stop-seconds': '600' })).toMatchObject({ phase: 'Failed', containerStatuses: [{ state: { terminated: { exitCode: 137, reason: 'Error' } } }] });
    const fast = nextStep(deleting(run(pod(), 10, profiles.fast).pod), at(100), node, profiles.fast);
    expect(fast).toEqual({ kind: 'delete', stage: 'pod-delete', events: [] });
  });

  it('fast, the benchmarks’ profile, writes none of the routine ones, as kwok’s fast stages; failures still tell', () => {
    expect(run(withPolicy('Always'), 100, profiles.fast).events).toEqual([]);
    expect(run(pod({ 'kronicle.dev/liveness-fail-seconds': '4' }), 10, profiles.fast).events).toEqual([
      '4s Normal Killing spec.containers{c}: Container c failed liveness probe, will be restarted',
      '8s Normal Killing spec.containers{c}: Container c failed liveness probe, will be restarted',
      '8s Warning BackOff spec.containers{c}: Back-off restarting failed container c in pod x_default(u)',
    ]);
  });
});

describe('nextWrite: one write when a stage follows without delay', () => {
  it('fast: created and started in one write', () => {
    const step = nextWrite(pod(), at(0), node, profiles.fast);
    expect(step).toMatchObject({ kind: 'status', stage: 'pod-create+container-start', status: { phase: 'Running', podIP: '10.244.1.2', hostIP: '192.168.0.1', startTime: '2026-01-01T00:00:00Z' } });
    const conditions = (step as { status: { conditions: { type: string; status: string }[] } }).status.conditions;
    expect(conditions.find((c) => c.type === 'Ready')?.status).toBe('True');
  });

  it('general: ContainerCreating is written first, as nextStep does', () => {
    expect(nextWrite(pod(), at(0), node, profiles.general)).toEqual(nextStep(pod(), at(0), node, profiles.general));
  });
});

describe('awaitsStep: whether a pod change can need a step', () => {
  it('reads the stages it is given', () => {
    const deleteOnly = stages.filter((s) => s.selector.deleting);
    expect(awaitsStep(pod(), profiles.fast, deleteOnly)).toBe(false);
    expect(awaitsStep(pod(), profiles.fast, [...deleteOnly, ...stages])).toBe(true);
    expect(nextStep(pod(), at(0), node, profiles.fast, deleteOnly)).toEqual({ kind: 'none' });
  });

  it('a pod Running and Ready that runs until deleted awaits none; bound, exiting, unready, deleting or crashing pods do', () => {
    const running = (annotations: Record<string, string> = {}) => run(pod(annotations), 0, profiles.fast).pod;
    expect(awaitsStep(pod(), profiles.fast)).toBe(true);
    expect(awaitsStep(running(), profiles.fast)).toBe(false);
    expect(awaitsStep(running({ 'kronicle.dev/run-seconds': '30' }), profiles.fast)).toBe(true);
    expect(awaitsStep(running({ 'kronicle.dev/readiness-delay-seconds': '5' }), profiles.fast)).toBe(true);
    expect(awaitsStep({ ...running(), metadata: { ...running().metadata, deletionTimestamp: '2026-01-01T00:00:40Z', deletionGracePeriodSeconds: 30 } }, profiles.fast)).toBe(true);
    expect(awaitsStep(run(pod({ 'kronicle.dev/run-seconds': '1' }, { restartPolicy: 'Never' }), 10, profiles.fast).pod, profiles.fast)).toBe(false);
  });
});

describe('pod status details', () => {
  it('timestamps drop the milliseconds of the moment they record', () => {
    const step = nextWrite(pod(), new Date(t0 + 1750), node, profiles.fast);
    expect(step).toMatchObject({ status: { startTime: '2026-01-01T00:00:01Z', containerStatuses: [{ state: { running: { startedAt: '2026-01-01T00:00:01Z' } } }] } });
  });

  it('timestamps follow the clock whichever second came before', () => {
    const startTimes = [1.75, 1.2, 61, 1.9, -0.5].map((s) => (nextWrite(pod(), new Date(t0 + s * 1000), node, profiles.fast) as { status: { startTime: string } }).status.startTime);
    expect(startTimes).toEqual(['2026-01-01T00:00:01Z', '2026-01-01T00:00:01Z', '2026-01-01T00:01:01Z', '2026-01-01T00:00:01Z', '2025-12-31T23:59:59Z']);
  });

  it('annotations that are not a non-negative number fall back to the defaults', () => {
    for (const value of ['', ' ', 'soon', '-1', 'Infinity']) {
      const annotations = { 'kronicle.dev/run-seconds': value, 'kronicle.dev/exit-code': value, 'kronicle.dev/init-exit-code': value, 'kronicle.dev/stop-seconds': value };
      expect(behaviourOf(pod(annotations), profiles.fast)).toEqual({
        runSeconds: undefined,
        exitCode: 0,
        initExitCode: 0,
        killedByLiveness: false,
        readinessDelaySeconds: 0,
        stopSeconds: 0,
      });
    }
    expect(behaviourOf(pod({ 'kronicle.dev/run-seconds': '2.5', 'kronicle.dev/exit-code': '3', 'kronicle.dev/init-exit-code': '2' }), profiles.fast)).toMatchObject({ runSeconds: 2.5, exitCode: 3, initExitCode: 2 });
  });
});
