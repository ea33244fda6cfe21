import { isDeepStrictEqual } from 'node:util';
import { hash } from 'node:crypto';
import { rfc3339, type KubeObject } from '@kronicle/contracts';
import { crashLoopBackOffSeconds } from './back-off';
import { behaviourOf, type Behaviour, type Profile } from './behaviour';
import { backOffEvent, containerConfigErrorEvent, deadlineExceededEvent, failedMountEvents, definitionChangedEvent, livenessKillEvent, pullingEvents, restartEvents, startEvents, stoppingEvents, type KubeletEvent } from './container-events';
import { incompleteInits, initializedAt, initStepStart, isSidecar, pendingInit } from './init-containers';
import { containerConfigError, unmountableVolumes, type ReferenceLookup } from './missing-references';
import { specOf, statusOf, type ContainerSpec, type ContainerStatus, type EphemeralContainerStatus, type PodCondition, type PodSpec, type PodStatus } from './pod-status';
import { stages as defaultStages, type Change, type SimState, type Stage } from './stages';

/** How upstream's kubelet reports a container not created yet in a pod with init containers (ContainerCreating in others). */
const PODINITIALIZING = 'PodInitializing';
/** A container the kubelet could not configure (a ConfigMap or Secret its environment needs is missing); it tries again. */
const CONFIG_ERROR = 'CreateContainerConfigError';
/** Upstream's volume manager tries a failed mount again after 0.5 s, doubling up to 2m2s (exponentialbackoff). */
const mountRetryMs = (failures: number) => Math.min(500 * 2 ** Math.max(0, failures - 1), 122_000);
/** Upstream's pod workers sync a pod whose sync failed again after this long (the kubelet's backOffPeriod). */
const CONFIG_RETRY_MS = 10_000;

export interface NodeContext {
  name: string;
  internalIP: string;
  /** Gives the pod an address from the node's podCIDR (a side effect, as kwok's engine takes them). */
  allocatePodIp(): string | undefined;
  /** Whether the kubelet has already reported that it is stopping this pod's containers for its deletion. */
  stoppingReported(pod: KubeObject): boolean;
  /**
   * The kubelet's admission of a pod about to start: why it refuses it (reason, message), if it does.
   * An admitted pod counts from then on (a side effect, as `allocatePodIp`).
   */
  admit(pod: KubeObject): { reason: string; message: string } | undefined;
  /** The ConfigMaps and Secrets of a namespace, as the kubelet's managers find them. */
  references(namespace: string): ReferenceLookup;
  /** The kubelet's latest Event of this reason about the pod: how many times it was seen (its count), and when last. */
  lastReported(pod: KubeObject, reason: string): { count: number; at: string } | undefined;
}

export type Step =
  /** Write this status now (and record the events). */
  | { kind: 'status'; stage: string; status: PodStatus; events: KubeletEvent[] }
  /** The containers are gone: write the pod's last status if there is one, delete the pod object with grace 0 (and record the events). */
  | { kind: 'delete'; stage: string; events: KubeletEvent[]; status?: PodStatus }
  /** The containers begin to stop for the pod's deletion: record the events now; the delete is due in `ms`. */
  | { kind: 'stop'; stage: string; events: KubeletEvent[]; ms: number }
  /** Nothing to do before this long has passed. */
  | { kind: 'wait'; stage: string; ms: number }
  /** A start failed again as it did before (the pod's status says so already): record the events now, try again in `ms`. */
  | { kind: 'report'; stage: string; events: KubeletEvent[]; ms: number }
  | { kind: 'none' };

export function simState(pod: KubeObject): SimState {
  const status = statusOf(pod);
  if (status.phase === 'Succeeded' || status.phase === 'Failed') return 'finished';
  const containers = status.containerStatuses ?? [];
  if (containers.length === 0) return 'unstarted';
  const spec = specOf(pod);
  const init = spec.initContainers?.length ? pendingInit(spec, status) : undefined;
  if (init) return init.state;
  const state = containers[0].state;
  if (state.running) return 'running';
  if (state.waiting?.reason === 'ContainerCreating' || state.waiting?.reason === PODINITIALIZING || state.waiting?.reason === CONFIG_ERROR) return 'creating';
  return 'restarting';
}

/**
 * The stage engine: finds the stages that select the pod, takes the one due first, and either
 * says how long to wait or returns the change. Pure: time and side effects come in.
 */
export function nextStep(pod: KubeObject, now: Date, node: NodeContext, profile: Profile, stages: Stage[] = defaultStages): Step {
  return decide(pod, now, node, profile, stages).step;
}

/**
 * Whether any stage selects the pod, whatever the time. When none does, `nextStep` is `none` until
 * the pod changes, so such a change needs no reconcile.
 */
export function awaitsStep(pod: KubeObject, profile: Profile, stages: Stage[] = defaultStages): boolean {
  return selecting(pod, profile, stages).stages.length > 0;
}

/** `nextStep`, with the behaviour it read (to reuse for the same pod's next step); `known` skips reading it again. */
function decide(pod: KubeObject, now: Date, node: NodeContext, profile: Profile, stages: Stage[], known?: Behaviour): { step: Step; behaviour?: Behaviour } {
  const { stages: selected, behaviour } = selecting(pod, profile, stages, known);
  // No behaviour read: no stage matches the pod's state.
  if (!behaviour) return { step: { kind: 'none' } };
  const nowMs = now.getTime();
  let best: { stage: Stage; due: number } | undefined;
  for (const stage of selected) {
    const due = delayStart(pod, stage.delay.from, nowMs) + delayLength(pod, stage.delay.length, behaviour, profile);
    if (!best || due < best.due) best = { stage, due };
  }
  if (!best) return { step: { kind: 'none' }, behaviour };
  const { name: stage, next } = best.stage;
  // The kubelet reports the stop as it begins, once: the pod goes when its containers have stopped,
  // within its grace period.
  const stopping = next === 'delete' && !node.stoppingReported(pod) ? killingEvents(pod, profile) : [];
  if (best.due > nowMs) {
    const ms = best.due - nowMs;
    return { step: stopping.length > 0 ? { kind: 'stop', stage, events: stopping, ms } : { kind: 'wait', stage, ms }, behaviour };
  }
  if (next === 'start' || next === 'init-start' || next === 'restart') {
    const failed = failedStart(pod, next, now, node);
    if (failed) return { step: { ...failed, stage }, behaviour };
  }
  if (next === 'delete') {
    const last = profile.terminalStatus ? endedStatus(pod, now, behaviour, pod.metadata.deletionGracePeriodSeconds ?? 0) : undefined;
    return { step: { kind: 'delete', stage, events: stopping, ...(last ? { status: last } : {}) }, behaviour };
  }
  return { step: { kind: 'status', stage, ...apply(next, pod, now, node, behaviour, profile) }, behaviour };
}

/**
 * The kubelet's `Killing` Events for a pod it stops for its deletion, under the profile: one per
 * running container (`stoppingEvents`; the others are already gone), none when the profile writes no
 * routine Events. Also for a pod deleted at once (a forced delete), which the kubelet still stops.
 */
export function killingEvents(pod: KubeObject, profile: Profile): KubeletEvent[] {
  if (!profile.routineEvents || simState(pod) !== 'running') return [];
  // Ephemeral containers (kubectl debug) are containers of the pod's sandbox too: the kubelet stops the running ones.
  const running = new Set((statusOf(pod).ephemeralContainerStatuses ?? []).filter((c) => c.state?.running).map((c) => c.name));
  const ephemeral = (specOf(pod).ephemeralContainers ?? []).filter((c) => running.has(c.name));
  return [...stoppingEvents(specOf(pod).containers ?? []), ...stoppingEvents(ephemeral, 'ephemeralContainers')];
}

/**
 * The stages whose selector matches the pod, first match first. The behaviour (read from the pod's
 * annotations) is worked out only when a stage matches the pod's state, so a settled pod costs little.
 */
function selecting(pod: KubeObject, profile: Profile, stages: Stage[], known?: Behaviour): { stages: Stage[]; behaviour?: Behaviour } {
  const byState = stagesFor(stages, simState(pod), Boolean(pod.metadata.deletionTimestamp));
  if (byState.length === 0) return { stages: byState };
  const behaviour = known ?? behaviourOf(pod, profile);
  const conditions = statusOf(pod).conditions ?? [];
  const ready = conditionIs(conditions, 'ContainersReady', 'True');
  const gatesMoved = ready && readyMoved(specOf(pod), conditions);
  const exits = behaviour.runSeconds !== undefined;
  const ephemeral = unstartedEphemeral(pod).length > 0;
  const changed = changedContainers(pod).length > 0;
  return {
    stages: byState.filter(
      ({ selector: s }) =>
        (s.ready === undefined || s.ready === ready) &&
        (s.exits === undefined || s.exits === exits) &&
        (s.ephemeral === undefined || s.ephemeral === ephemeral) &&
        (s.changed === undefined || s.changed === changed) &&
        (s.deadline === undefined || s.deadline === (specOf(pod).activeDeadlineSeconds !== undefined)) &&
        (s.gatesMoved === undefined || s.gatesMoved === gatesMoved),
    ),
    behaviour,
  };
}

/** The pod's ephemeral containers its kubelet has not started yet. */
function unstartedEphemeral(pod: KubeObject): ContainerSpec[] {
  const added = specOf(pod).ephemeralContainers ?? [];
  if (added.length === 0) return added;
  const started = new Set((statusOf(pod).ephemeralContainerStatuses ?? []).map((c) => c.name));
  return added.filter((c) => !started.has(c.name));
}

/**
 * The running containers and sidecars whose image is no longer their spec's, with their spec: upstream's
 * kubelet compares a hash of each running container's spec with the one it started, and the image is the
 * only part of a container a pod's update may change.
 */
function changedContainers(pod: KubeObject): { status: ContainerStatus; spec: ContainerSpec; field: 'containers' | 'initContainers' }[] {
  const spec = specOf(pod);
  const status = statusOf(pod);
  const changed: { status: ContainerStatus; spec: ContainerSpec; field: 'containers' | 'initContainers' }[] = [];
  const compare = (statuses: ContainerStatus[] | undefined, specs: ContainerSpec[], field: 'containers' | 'initContainers') => {
    for (const current of statuses ?? []) {
      const wanted = specs.find((c) => c.name === current.name);
      if (wanted && current.state.running && (wanted.image ?? '') !== current.image) changed.push({ status: current, spec: wanted, field });
    }
  };
  compare(status.containerStatuses, spec.containers ?? [], 'containers');
  compare(status.initContainerStatuses, (spec.initContainers ?? []).filter(isSidecar), 'initContainers');
  return changed;
}

const byStateOf = new WeakMap<Stage[], { live: Map<SimState, Stage[]>; deleting: Map<SimState, Stage[]> }>();
const NO_STAGES: Stage[] = [];

/** The stages that select a state, in order; indexed once per list of stages rather than filtered for every pod. */
function stagesFor(stages: Stage[], state: SimState, deleting: boolean): Stage[] {
  let byState = byStateOf.get(stages);
  if (!byState) {
    byState = { live: new Map(), deleting: new Map() };
    for (const stage of stages) {
      const of = stage.selector.deleting ? byState.deleting : byState.live;
      for (const s of stage.selector.states) of.set(s, [...(of.get(s) ?? []), stage]);
    }
    byStateOf.set(stages, byState);
  }
  return (deleting ? byState.deleting : byState.live).get(state) ?? NO_STAGES;
}

/** The moment a stage's delay is measured from, in ms; a moment the pod does not record yet is now. */
function delayStart(pod: KubeObject, from: Stage['delay']['from'], now: number): number {
  const status = statusOf(pod);
  const spec = specOf(pod);
  const container = status.containerStatuses?.[0];
  const at = (iso: string | undefined) => (iso ? Date.parse(iso) : now);
  switch (from) {
    case 'now':
      return now;
    case 'startTime':
      return at(status.startTime);
    case 'initStep':
      return at(initStepStart(spec, status, pendingInit(spec, status)?.index ?? 0));
    case 'initStartedAt':
      return at(pendingInitStatus(spec, status)?.state.running?.startedAt);
    case 'initFinishedAt': {
      const init = pendingInitStatus(spec, status);
      return at(init?.state.terminated?.finishedAt ?? init?.lastState.terminated?.finishedAt);
    }
    case 'initialized':
      return at(initializedAt(spec, status));
    case 'startedAt':
      return at(container?.state.running?.startedAt);
    case 'finishedAt':
      return at(container?.state.terminated?.finishedAt ?? container?.lastState.terminated?.finishedAt);
    case 'deletionStart':
      return at(pod.metadata.deletionTimestamp) - (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
  }
}

function delayLength(pod: KubeObject, length: Stage['delay']['length'], behaviour: Behaviour, profile: Profile): number {
  switch (length) {
    case 'none':
      return 0;
    case 'activeDeadline':
      return (specOf(pod).activeDeadlineSeconds ?? 0) * 1000;
    case 'containerCreating':
      return profile.containerCreatingMs;
    case 'initRun':
      return profile.initRunSeconds * 1000;
    case 'initBackOff':
      return crashLoopBackOffSeconds(pendingInitStatus(specOf(pod), statusOf(pod))?.restartCount ?? 0) * 1000;
    case 'readiness':
      return behaviour.readinessDelaySeconds * 1000;
    case 'run':
      return (behaviour.runSeconds ?? 0) * 1000;
    case 'backOff':
      return crashLoopBackOffSeconds(statusOf(pod).containerStatuses?.[0]?.restartCount ?? 0) * 1000;
    case 'stop':
      return Math.min(behaviour.stopSeconds, pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
  }
}


function apply(
  change: Exclude<Change, 'delete'>,
  pod: KubeObject,
  now: Date,
  node: NodeContext,
  behaviour: Behaviour,
  profile: Profile,
): { status: PodStatus; events: KubeletEvent[] } {
  const spec = specOf(pod);
  // A pod whose volumes could not be set up when it was created gets its sandbox, and address, as it first starts a container.
  const status = change === 'start' || change === 'init-start' ? withSandbox(statusOf(pod), spec, node) : statusOf(pod);
  const specContainers = spec.containers ?? [];
  const routine = (events: () => KubeletEvent[]) => (profile.routineEvents ? events() : []);
  const time = rfc3339(now);
  const inits = spec.initContainers ?? [];
  // Upstream's kubelet: containers of a pod with init containers wait as PodInitializing, not ContainerCreating.
  const waitingReason = inits.length > 0 ? PODINITIALIZING : 'ContainerCreating';
  const containers = (status.containerStatuses ?? []).length ? status.containerStatuses! : specContainers.map((c) => newContainer(c, waitingReason));
  const conditions = (ready: boolean, reason?: string, next: PodStatus = status) => podConditions(status.conditions ?? [], spec, next, ready, time, reason);
  // The init container an init stage steps: the one the pod waits for.
  const initToStep = () => {
    const index = pendingInit(spec, status)?.index ?? 0;
    return { index, init: inits[index], current: status.initContainerStatuses![index] };
  };

  switch (change) {
    case 'create': {
      // Refused, the pod fails at once and never starts (upstream's kubelet rejectPod).
      const rejection = node.admit(pod);
      if (rejection) {
        const rejected: PodStatus = { ...status, phase: 'Failed', reason: rejection.reason, message: `Pod was rejected: ${rejection.message}`, startTime: time };
        return { status: rejected, events: [{ type: 'Warning', reason: rejection.reason, message: rejection.message }] };
      }
      // Volumes come before the sandbox: while one cannot be set up, the pod has no address (and says so).
      const unmountable = unmountableVolumes(spec, node.references(pod.metadata.namespace ?? ''));
      const podIP = unmountable.length > 0 ? undefined : sandboxIp(spec, node);
      const created: PodStatus = {
        ...status,
        phase: 'Pending',
        hostIP: node.internalIP,
        hostIPs: [{ ip: node.internalIP }],
        ...(podIP ? { podIP, podIPs: [{ ip: podIP }] } : {}),
        startTime: time,
        ...(inits.length > 0 ? { initContainerStatuses: inits.map((c) => newContainer(c, PODINITIALIZING)) } : {}),
        containerStatuses: containers.map((c) => ({ ...c, state: { waiting: { reason: waitingReason } } })),
      };
      if (unmountable.length > 0) return { status: { ...created, conditions: conditions(false, undefined, created) }, events: failedMountEvents(unmountable) };
      return { status: { ...created, conditions: conditions(false, undefined, created) }, events: routine(() => pullsOfStep(spec, 0)) };
    }
    case 'init-start':
    case 'init-restart': {
      const { index, init, current } = initToStep();
      const restarting = change === 'init-restart';
      const restartCount = current.restartCount + (restarting ? 1 : 0);
      const started: ContainerStatus = {
        ...current,
        containerID: containerId(pod, init.name, restartCount),
        started: true,
        ready: isSidecar(init),
        restartCount,
        state: { running: { startedAt: time } },
        lastState: restarting ? { terminated: current.state.terminated ?? current.lastState.terminated! } : current.lastState,
      };
      const next = withInitStatus(status, index, started);
      // A sidecar's start lets the next step begin: its pulls start now.
      const since = Date.parse(initStepStart(spec, status, index) ?? time);
      const events = routine(() => [
        ...(restarting ? restartEvents([init], 'initContainers') : startEvents([init], now.getTime() - since, 'initContainers')),
        ...(isSidecar(init) ? pullsOfStep(spec, index + 1) : []),
      ]);
      return { status: { ...next, conditions: conditions(false, undefined, next) }, events };
    }
    case 'init-exit': {
      const { index, init, current } = initToStep();
      const code = behaviour.initExitCode;
      if (code === 0) {
        // Upstream reports an init container that completed as ready. Its exit lets the next step begin.
        const next = withInitStatus(status, index, { ...current, started: false, ready: true, state: { terminated: terminatedState(current, 0, time) } });
        return { status: { ...next, conditions: conditions(false, undefined, next) }, events: routine(() => pullsOfStep(spec, index + 1)) };
      }
      const failed = terminatedState(current, code, time);
      if ((spec.restartPolicy ?? 'Always') === 'Never') {
        const next = withInitStatus({ ...status, phase: 'Failed' }, index, { ...current, started: false, state: { terminated: failed } });
        return { status: { ...next, conditions: conditions(false, finishedReason('Failed'), next) }, events: [] };
      }
      const backOff = crashLoopBackOffSeconds(current.restartCount);
      const next = withInitStatus(status, index, awaitingRestart(current, failed, backOff, podRef(pod)));
      return { status: { ...next, conditions: conditions(false, undefined, next) }, events: backOff > 0 ? [backOffEvent(init, podRef(pod), 'initContainers')] : [] };
    }
    case 'start':
    case 'restart': {
      // A container that ran before starts again (a restart that waited for its configuration, too).
      const restarting = change === 'restart' || containers.some((c) => c.lastState.terminated !== undefined);
      const ready = behaviour.readinessDelaySeconds === 0;
      const started = containers.map((c) => ({
        ...c,
        // A container (re)starts with its spec's image, which an update may have changed meanwhile.
        image: specContainers.find((s) => s.name === c.name)?.image ?? c.image,
        containerID: containerId(pod, c.name, c.restartCount + (restarting ? 1 : 0)),
        started: true,
        ready,
        restartCount: c.restartCount + (restarting ? 1 : 0),
        state: { running: { startedAt: time } },
        lastState: restarting ? { terminated: c.state.terminated ?? c.lastState.terminated! } : c.lastState,
      }));
      // A first start's pulls began with ContainerCreating, as the pod was initialized (at its startTime without init containers).
      const events = routine(() => (restarting ? restartEvents(specContainers) : startEvents(specContainers, now.getTime() - Date.parse(initializedAt(spec, status) ?? time))));
      return { status: { ...status, phase: 'Running', conditions: conditions(ready), containerStatuses: started }, events };
    }
    case 'replace': {
      // Killed and started again in one step, as one sync of upstream's kubelet does; it exits 137
      // when it would not stop within the grace period.
      const replaced = changedContainers(pod);
      const code = stopExitCode(behaviour, podGraceSeconds(spec));
      const readyAtStart = behaviour.readinessDelaySeconds === 0;
      const restarted = (statuses: ContainerStatus[], field: 'containers' | 'initContainers', ready: boolean) =>
        statuses.map((c): ContainerStatus => {
          const changed = replaced.find((r) => r.field === field && r.status.name === c.name);
          if (!changed) return c;
          const restartCount = c.restartCount + 1;
          return {
            ...c,
            image: changed.spec.image ?? '',
            containerID: containerId(pod, c.name, restartCount),
            started: true,
            ready,
            restartCount,
            state: { running: { startedAt: time } },
            lastState: { terminated: terminatedState(c, code, time) },
          };
        });
      const next: PodStatus = {
        ...status,
        containerStatuses: restarted(containers, 'containers', readyAtStart),
        // A sidecar is ready once started, as the kubelet reports it without a readiness probe.
        ...(status.initContainerStatuses ? { initContainerStatuses: restarted(status.initContainerStatuses, 'initContainers', true) } : {}),
      };
      const events = replaced.flatMap(({ spec: c, field }) => [definitionChangedEvent(c, field), ...routine(() => restartEvents([c], field))]);
      return { status: { ...next, conditions: conditions(next.containerStatuses!.every((c) => c.ready), undefined, next) }, events };
    }
    case 'deadline': {
      // Failed at once, its running containers killed within the grace period, as for a deletion.
      const failed = endedStatus(pod, now, behaviour, podGraceSeconds(spec), 'Failed')!;
      return { status: { ...failed, reason: deadlineExceededEvent.reason, message: deadlineExceededEvent.message }, events: [deadlineExceededEvent] };
    }
    case 'ready':
      return { status: { ...status, conditions: conditions(true), containerStatuses: containers.map((c) => ({ ...c, ready: true })) }, events: [] };
    case 'ephemeral-start': {
      // Never ready and never restarted, as upstream's kubelet runs them.
      const added = unstartedEphemeral(pod);
      const started: EphemeralContainerStatus[] = added.map((c) => ({
        name: c.name,
        image: c.image ?? '',
        imageID: '',
        containerID: containerId(pod, c.name, 0),
        ready: false,
        restartCount: 0,
        state: { running: { startedAt: time } },
        lastState: {},
      }));
      const events = routine(() => [...pullingEvents(added, 'ephemeralContainers'), ...startEvents(added, 0, 'ephemeralContainers')]);
      return { status: { ...status, ephemeralContainerStatuses: [...(status.ephemeralContainerStatuses ?? []), ...started] }, events };
    }
    case 'exit': {
      const code = behaviour.exitCode;
      const terminated = (c: ContainerStatus) => terminatedState(c, code, time);
      const policy = spec.restartPolicy ?? 'Always';
      const restarts = policy === 'Always' || (policy === 'OnFailure' && code !== 0);
      if (!restarts) {
        const phase = code === 0 ? 'Succeeded' : 'Failed';
        const done = containers.map((c) => ({ ...c, ready: false, started: false, state: { terminated: terminated(c) } }));
        return { status: { ...status, phase, conditions: conditions(false, finishedReason(phase)), containerStatuses: done }, events: [] };
      }
      const backOff = crashLoopBackOffSeconds(containers[0]?.restartCount ?? 0);
      const podName = podRef(pod);
      const waiting = containers.map((c) => awaitingRestart(c, terminated(c), backOff, podName));
      const events: KubeletEvent[] = behaviour.killedByLiveness ? [livenessKillEvent(containers[0])] : [];
      if (backOff > 0) events.push(backOffEvent(containers[0], podName));
      return { status: { ...status, phase: 'Running', conditions: conditions(false), containerStatuses: waiting }, events };
    }
  }
}

/**
 * A container that exited (`terminated`) and will be restarted: the first restart is immediate (it
 * is just terminated); later ones wait in CrashLoopBackOff, its exit kept as its last state.
 */
function awaitingRestart(c: ContainerStatus, terminated: NonNullable<ContainerStatus['state']['terminated']>, backOff: number, podName: string): ContainerStatus {
  return {
    ...c,
    ready: false,
    started: false,
    state: backOff === 0 ? { terminated } : { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${backOff}s restarting failed container=${c.name} pod=${podName}` } },
    lastState: backOff === 0 ? c.lastState : { terminated },
  };
}

/** How the kubelet names a pod in its messages: `name_namespace(uid)`. */
const podRef = (pod: KubeObject) => `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;

/** The status with the init container at `index` as given. */
function withInitStatus(status: PodStatus, index: number, changed: ContainerStatus): PodStatus {
  return { ...status, initContainerStatuses: status.initContainerStatuses!.map((c, i) => (i === index ? changed : c)) };
}

/** The status of the init container the pod waits for, if any. */
function pendingInitStatus(spec: PodSpec, status: PodStatus): ContainerStatus | undefined {
  const pending = pendingInit(spec, status);
  return pending ? status.initContainerStatuses?.[pending.index] : undefined;
}

/** The address of the pod's sandbox: on the host's network its node's, as upstream's kubelet (and kwok) report it. */
const sandboxIp = (spec: PodSpec, node: NodeContext) => (spec.hostNetwork ? node.internalIP : node.allocatePodIp());

function withSandbox(status: PodStatus, spec: PodSpec, node: NodeContext): PodStatus {
  if (status.podIP) return status;
  const podIP = sandboxIp(spec, node);
  return podIP ? { ...status, podIP, podIPs: [{ ip: podIP }] } : status;
}

type Outcome = { kind: 'status'; status: PodStatus; events: KubeletEvent[] } | { kind: 'wait'; ms: number } | { kind: 'report'; events: KubeletEvent[]; ms: number };

/**
 * Why the next start cannot happen yet, as upstream's kubelet fails it: a volume whose ConfigMap or
 * Secret (or one of its keys) is missing cannot be set up, so there is no sandbox (FailedMount); a
 * container whose environment refers to what is missing cannot be configured (CreateContainerConfigError,
 * the others wait with it here). The first failure of a container is written to its status; a failure
 * the status already shows is reported again when the kubelet would try again. Undefined: start.
 */
function failedStart(pod: KubeObject, change: 'start' | 'init-start' | 'restart', now: Date, node: NodeContext): Outcome | undefined {
  const spec = specOf(pod);
  const status = statusOf(pod);
  const namespace = pod.metadata.namespace ?? '';
  const lookup = node.references(namespace);
  const unmountable = unmountableVolumes(spec, lookup);
  if (unmountable.length > 0) return retried(node.lastReported(pod, 'FailedMount'), mountRetryMs, failedMountEvents(unmountable), now);
  const init = change === 'init-start';
  const field = init ? 'initContainers' : 'containers';
  const index = init ? (pendingInit(spec, status)?.index ?? 0) : 0;
  const starting = init ? (spec.initContainers ?? []).slice(index, index + 1) : (spec.containers ?? []);
  const errors = starting.map((container) => containerConfigError(container, namespace, lookup));
  if (errors.every((error) => error === undefined)) return undefined;
  const events = starting.flatMap((container, i) => (errors[i] ? [containerConfigErrorEvent(container, errors[i], field)] : []));
  const errorOf = new Map(starting.map((container, i) => [container.name, errors[i]]));
  // A container restarting keeps its last run as its last state.
  const failing = (c: ContainerStatus): ContainerStatus => {
    const error = errorOf.get(c.name);
    return error ? { ...c, state: { waiting: { reason: CONFIG_ERROR, message: error } }, lastState: c.state.terminated ? { terminated: c.state.terminated } : c.lastState } : c;
  };
  const current = (init ? status.initContainerStatuses : status.containerStatuses) ?? [];
  if (!current.every((c) => isDeepStrictEqual(c, failing(c)))) {
    // The sandbox is up by now (volumes set up): the pod has its address.
    const sandboxed = withSandbox(status, spec, node);
    const next: PodStatus = init ? { ...sandboxed, initContainerStatuses: current.map(failing) } : { ...sandboxed, containerStatuses: current.map(failing) };
    return { kind: 'status', status: { ...next, conditions: podConditions(status.conditions ?? [], spec, next, false, rfc3339(now)) }, events };
  }
  return retried(node.lastReported(pod, 'Failed'), () => CONFIG_RETRY_MS, events, now);
}

/** The failure reported again once its retry is due (after the `count`th report, `retryMs(count)`), else a wait until then. */
function retried(last: { count: number; at: string } | undefined, retryMs: (reports: number) => number, events: KubeletEvent[], now: Date): Outcome {
  const dueInMs = last ? Date.parse(last.at) + retryMs(last.count) - now.getTime() : 0;
  return dueInMs > 0 ? { kind: 'wait', ms: dueInMs } : { kind: 'report', events, ms: retryMs((last?.count ?? 0) + 1) };
}

/** A container's state once it has exited with `exitCode` at `time`. */
function terminatedState(c: EphemeralContainerStatus, exitCode: number, time: string) {
  return {
    exitCode,
    reason: exitCode === 0 ? 'Completed' : 'Error',
    startedAt: c.state.running?.startedAt ?? time,
    finishedAt: time,
    ...(c.containerID ? { containerID: c.containerID } : {}),
  };
}

/**
 * A stopped pod's last status, as upstream's kubelet reports it: its running containers terminated —
 * with 0 when they stopped within `graceSeconds`, 137 when it ran out and they were killed — and phase
 * Succeeded if every container ended with 0, else Failed (or `phase` when the kubelet decided it, as
 * for an exceeded deadline). For a deleted pod it is reported before the pod goes (since 1.27). A pod
 * already Succeeded or Failed has nothing more to report.
 */
function endedStatus(pod: KubeObject, now: Date, behaviour: Behaviour, graceSeconds: number, phase?: 'Failed'): PodStatus | undefined {
  const status = statusOf(pod);
  if (status.phase === 'Succeeded' || status.phase === 'Failed') return undefined;
  const time = rfc3339(now);
  const code = stopExitCode(behaviour, graceSeconds);
  const stopped = <C extends EphemeralContainerStatus>(c: C): C => (c.state.running ? { ...c, ready: false, ...('started' in c ? { started: false } : {}), state: { terminated: terminatedState(c, code, time) } } : c);
  const containers = (status.containerStatuses ?? []).map(stopped);
  const succeeded = containers.length > 0 && containers.every((c) => c.state.terminated?.exitCode === 0);
  const ended: PodStatus = {
    ...status,
    phase: phase ?? (succeeded ? 'Succeeded' : 'Failed'),
    containerStatuses: containers,
    ...(status.initContainerStatuses ? { initContainerStatuses: status.initContainerStatuses.map(stopped) } : {}),
    ...(status.ephemeralContainerStatuses ? { ephemeralContainerStatuses: status.ephemeralContainerStatuses.map(stopped) } : {}),
  };
  return { ...ended, conditions: podConditions(status.conditions ?? [], specOf(pod), ended, false, time, finishedReason(ended.phase!)) };
}

/** What a container the kubelet stops exits with: 0 when it stops within the grace period, 137 when it is killed as that runs out. */
const stopExitCode = (behaviour: Behaviour, graceSeconds: number) => (behaviour.stopSeconds > graceSeconds ? 137 : 0);

/** The pod's own grace period (upstream's default 30 s), for stops that are not a deletion. */
const podGraceSeconds = (spec: PodSpec) => spec.terminationGracePeriodSeconds ?? 30;

/** The reason upstream's kubelet gives Ready and ContainersReady of a pod in a terminal phase. */
const finishedReason = (phase: string) => (phase === 'Failed' ? 'PodFailed' : 'PodCompleted');

function newContainer(container: ContainerSpec, waitingReason: string): ContainerStatus {
  return { name: container.name, image: container.image ?? '', imageID: '', ready: false, started: false, restartCount: 0, state: { waiting: { reason: waitingReason } }, lastState: {} };
}

/** The pulls that begin with the pod's step `index`: of its init container at that index, or once initialized of its containers. */
function pullsOfStep(spec: PodSpec, index: number): KubeletEvent[] {
  const inits = spec.initContainers ?? [];
  return index < inits.length ? pullingEvents([inits[index]], 'initContainers') : pullingEvents(spec.containers ?? []);
}

/** A stable fake containerd id per pod, container and restart. */
function containerId(pod: KubeObject, name: string, restart: number): string {
  return `containerd://${hash('sha256', `${pod.metadata.uid}/${name}/${restart}`)}`;
}

/** The conditions the kubelet writes; any other a pod has (DisruptionTarget, readiness gates') it keeps as they are (upstream's mergePodStatus). */
const KUBELET_CONDITIONS = new Set(['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);

const conditionIs = (conditions: PodCondition[], type: string, status: string) => conditions.some((c) => c.type === type && c.status === status);

/** Why the pod's readiness gates hold it back, in upstream's words (GeneratePodReadyCondition); none when all their conditions are True. */
function unreadyGates(spec: PodSpec, conditions: PodCondition[]): string[] {
  return (spec.readinessGates ?? []).flatMap(({ conditionType }) => {
    const found = conditions.find((c) => c.type === conditionType);
    if (!found) return [`corresponding condition of pod readiness gate "${conditionType}" does not exist.`];
    return found.status === 'True' ? [] : [`the status of pod readiness gate "${conditionType}" is not "True", but ${found.status}`];
  });
}

/** Whether a pod whose containers are ready says otherwise of its readiness than its gates' conditions do. */
function readyMoved(spec: PodSpec, conditions: PodCondition[]): boolean {
  const gates = unreadyGates(spec, conditions);
  const current = conditions.find((c) => c.type === 'Ready');
  return gates.length === 0 ? current?.status !== 'True' : current?.status !== 'False' || current.message !== gates.join(', ');
}

/**
 * Upstream's pod conditions as the kubelet reports them for the status `next`, followed by the others the
 * pod had; transition times move only on change. Ready needs the containers ready and the readiness gates'
 * conditions True.
 */
function podConditions(old: PodCondition[], spec: PodSpec, next: PodStatus, ready: boolean, time: string, doneReason?: string): PodCondition[] {
  const since = (type: string, status: string) => {
    const previous = old.find((o) => o.type === type);
    return previous && previous.status === status ? previous.lastTransitionTime : time;
  };
  const condition = (type: string, status: 'True' | 'False'): PodCondition => ({ type, status, lastProbeTime: null, lastTransitionTime: since(type, status) });
  const readiness = (type: string): PodCondition => {
    if (ready) return condition(type, 'True');
    const notReady = doneReason
      ? { reason: doneReason }
      : { reason: 'ContainersNotReady', message: `containers with unready status: [${(spec.containers ?? []).map((c) => c.name).join(' ')}]` };
    return { type, status: 'False', ...notReady, lastProbeTime: null, lastTransitionTime: since(type, 'False') };
  };
  const gates = ready ? unreadyGates(spec, old) : [];
  const podReady: PodCondition =
    gates.length > 0
      ? { type: 'Ready', status: 'False', reason: 'ReadinessGatesNotReady', message: gates.join(', '), lastProbeTime: null, lastTransitionTime: since('Ready', 'False') }
      : readiness('Ready');
  const incomplete = spec.initContainers?.length ? incompleteInits(spec, next) : [];
  const initialized: PodCondition =
    incomplete.length > 0
      ? { type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: `containers with incomplete status: [${incomplete.join(' ')}]`, lastProbeTime: null, lastTransitionTime: since('Initialized', 'False') }
      : condition('Initialized', 'True');
  const others = old.filter((c) => !KUBELET_CONDITIONS.has(c.type));
  return [condition('PodReadyToStartContainers', doneReason || !next.podIP ? 'False' : 'True'), initialized, podReady, readiness('ContainersReady'), condition('PodScheduled', 'True'), ...others];
}

/** Steps that lead, without their own delay under kwok's `fast` profile, to the containers' start. */
const STARTING_STAGES = new Set(['pod-create', 'init-container-start', 'init-container-exit']);

/**
 * The step to write now, as one write: a pod's creation and, when what follows is due at once (no
 * ContainerCreating delay, as kwok's `fast` profile), its init containers' runs and its containers'
 * start with it, so such a pod takes one write instead of several. Every other step is `nextStep`'s.
 * Pure, as `nextStep`.
 */
export function nextWrite(pod: KubeObject, now: Date, node: NodeContext, profile: Profile, stages: Stage[] = defaultStages): Step {
  const { step, behaviour } = decide(pod, now, node, profile, stages);
  if (step.kind !== 'status' || step.stage !== 'pod-create') return step;
  let written = step;
  while (STARTING_STAGES.has(lastStage(written.stage))) {
    // The behaviour comes from annotations and spec, which the status write leaves as they are.
    const then = decide({ ...pod, status: written.status }, now, node, profile, stages, behaviour).step;
    if (then.kind !== 'status') break;
    written = { kind: 'status', stage: `${written.stage}+${then.stage}`, status: then.status, events: [...written.events, ...then.events] };
  }
  return written;
}

const lastStage = (stages: string) => stages.slice(stages.lastIndexOf('+') + 1);
