import { createHash } from 'node:crypto';
import type { KubeObject } from '@kronicle/contracts';
import { crashLoopBackOffSeconds } from './back-off';
import { behaviourOf, type Behaviour, type Profile } from './behaviour';
import { specOf, statusOf, timestamp, type ContainerStatus, type PodCondition, type PodStatus } from './pod-status';
import { stages as defaultStages, type Change, type SimState, type Stage } from './stages';

export interface NodeContext {
  name: string;
  internalIP: string;
  /** Gives the pod an address from the node's podCIDR (a side effect, as kwok's engine takes them). */
  allocatePodIp(): string | undefined;
}

export interface KubeletEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

export type Step =
  /** Write this status now (and record the events). */
  | { kind: 'status'; stage: string; status: PodStatus; events: KubeletEvent[] }
  /** The containers are gone: delete the pod object with grace 0. */
  | { kind: 'delete'; stage: string }
  /** Nothing to do before this long has passed. */
  | { kind: 'wait'; stage: string; ms: number }
  | { kind: 'none' };

export function simState(pod: KubeObject): SimState {
  const status = statusOf(pod);
  if (status.phase === 'Succeeded' || status.phase === 'Failed') return 'finished';
  const containers = status.containerStatuses ?? [];
  if (containers.length === 0) return 'unstarted';
  const state = containers[0].state;
  if (state.running) return 'running';
  if (state.waiting?.reason === 'ContainerCreating') return 'creating';
  return 'restarting';
}

/**
 * The stage engine: finds the stages that select the pod, takes the one due first, and either
 * says how long to wait or returns the change. Pure: time and side effects come in.
 */
export function nextStep(pod: KubeObject, now: Date, node: NodeContext, profile: Profile, stages: Stage[] = defaultStages): Step {
  const behaviour = behaviourOf(pod, profile);
  const state = simState(pod);
  const deleting = Boolean(pod.metadata.deletionTimestamp);
  const ready = isReady(pod);
  const exits = behaviour.runSeconds !== undefined;
  let best: { stage: Stage; due: number } | undefined;
  for (const stage of stages) {
    const s = stage.selector;
    if (!s.states.includes(state) || s.deleting !== deleting) continue;
    if (s.ready !== undefined && s.ready !== ready) continue;
    if (s.exits !== undefined && s.exits !== exits) continue;
    const due = dueTime(pod, stage, behaviour, profile, now);
    if (!best || due < best.due) best = { stage, due };
  }
  if (!best) return { kind: 'none' };
  if (best.due > now.getTime()) return { kind: 'wait', stage: best.stage.name, ms: best.due - now.getTime() };
  if (best.stage.next === 'delete') return { kind: 'delete', stage: best.stage.name };
  return { kind: 'status', stage: best.stage.name, ...apply(best.stage.next, pod, now, node, behaviour) };
}

function dueTime(pod: KubeObject, stage: Stage, behaviour: Behaviour, profile: Profile, now: Date): number {
  const status = statusOf(pod);
  const container = status.containerStatuses?.[0];
  const at = (iso: string | undefined) => (iso ? Date.parse(iso) : now.getTime());
  const from = {
    now: now.getTime(),
    startTime: at(status.startTime),
    startedAt: at(container?.state.running?.startedAt),
    finishedAt: at(container?.state.terminated?.finishedAt ?? container?.lastState.terminated?.finishedAt),
    deletionStart: at(pod.metadata.deletionTimestamp) - (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000,
  }[stage.delay.from];
  const grace = pod.metadata.deletionGracePeriodSeconds ?? 0;
  const length = {
    none: 0,
    containerCreating: profile.containerCreatingMs,
    readiness: behaviour.readinessDelaySeconds * 1000,
    run: (behaviour.runSeconds ?? 0) * 1000,
    backOff: crashLoopBackOffSeconds(container?.restartCount ?? 0) * 1000,
    stop: Math.min(behaviour.stopSeconds, grace) * 1000,
  }[stage.delay.length];
  return from + length;
}

function isReady(pod: KubeObject): boolean {
  return statusOf(pod).conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

function apply(change: Exclude<Change, 'delete'>, pod: KubeObject, now: Date, node: NodeContext, behaviour: Behaviour): { status: PodStatus; events: KubeletEvent[] } {
  const status = statusOf(pod);
  const spec = specOf(pod);
  const time = timestamp(now);
  const podName = `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
  const containers = (status.containerStatuses ?? []).length ? status.containerStatuses! : (spec.containers ?? []).map((c) => newContainer(c.name, c.image ?? ''));
  const conditions = (ready: boolean, reason?: string) => podConditions(status.conditions ?? [], pod, ready, time, reason);

  switch (change) {
    case 'create': {
      const podIP = node.allocatePodIp();
      return {
        status: {
          ...status,
          phase: 'Pending',
          conditions: conditions(false),
          hostIP: node.internalIP,
          hostIPs: [{ ip: node.internalIP }],
          ...(podIP ? { podIP, podIPs: [{ ip: podIP }] } : {}),
          startTime: time,
          containerStatuses: containers.map((c) => ({ ...c, state: { waiting: { reason: 'ContainerCreating' } } })),
        },
        events: [],
      };
    }
    case 'start':
    case 'restart': {
      const restarting = change === 'restart';
      const ready = behaviour.readinessDelaySeconds === 0;
      const started = containers.map((c) => ({
        ...c,
        containerID: containerId(pod, c.name, c.restartCount + (restarting ? 1 : 0)),
        started: true,
        ready,
        restartCount: c.restartCount + (restarting ? 1 : 0),
        state: { running: { startedAt: time } },
        lastState: restarting ? { terminated: c.state.terminated ?? c.lastState.terminated! } : c.lastState,
      }));
      return { status: { ...status, phase: 'Running', conditions: conditions(ready), containerStatuses: started }, events: [] };
    }
    case 'ready':
      return { status: { ...status, conditions: conditions(true), containerStatuses: containers.map((c) => ({ ...c, ready: true })) }, events: [] };
    case 'exit': {
      const code = behaviour.exitCode;
      const terminated = (c: ContainerStatus) => ({
        exitCode: code,
        reason: code === 0 ? 'Completed' : 'Error',
        startedAt: c.state.running?.startedAt ?? time,
        finishedAt: time,
        ...(c.containerID ? { containerID: c.containerID } : {}),
      });
      const policy = spec.restartPolicy ?? 'Always';
      const restarts = policy === 'Always' || (policy === 'OnFailure' && code !== 0);
      if (!restarts) {
        const phase = code === 0 ? 'Succeeded' : 'Failed';
        const done = containers.map((c) => ({ ...c, ready: false, started: false, state: { terminated: terminated(c) } }));
        return { status: { ...status, phase, conditions: conditions(false, 'PodCompleted'), containerStatuses: done }, events: [] };
      }
      const backOff = crashLoopBackOffSeconds(containers[0]?.restartCount ?? 0);
      const waiting = containers.map((c) => ({
        ...c,
        ready: false,
        started: false,
        // The first restart is immediate: the container is just terminated; later ones wait in CrashLoopBackOff.
        state: backOff === 0 ? { terminated: terminated(c) } : { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${backOff}s restarting failed container=${c.name} pod=${podName}` } },
        lastState: backOff === 0 ? c.lastState : { terminated: terminated(c) },
      }));
      const events: KubeletEvent[] = behaviour.killedByLiveness
        ? [{ type: 'Normal', reason: 'Killing', message: `Container ${containers[0]?.name} failed liveness probe, will be restarted` }]
        : [];
      if (backOff > 0) events.push({ type: 'Warning', reason: 'BackOff', message: `Back-off restarting failed container ${containers[0]?.name} in pod ${podName}` });
      return { status: { ...status, phase: 'Running', conditions: conditions(false), containerStatuses: waiting }, events };
    }
  }
}

function newContainer(name: string, image: string): ContainerStatus {
  return { name, image, imageID: '', ready: false, started: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } }, lastState: {} };
}

/** A stable fake containerd id per pod, container and restart. */
function containerId(pod: KubeObject, name: string, restart: number): string {
  return `containerd://${createHash('sha256').update(`${pod.metadata.uid}/${name}/${restart}`).digest('hex')}`;
}

/** Upstream's pod conditions as the kubelet reports them; transition times move only on change. */
function podConditions(old: PodCondition[], pod: KubeObject, ready: boolean, time: string, doneReason?: string): PodCondition[] {
  const names = (specOf(pod).containers ?? []).map((c) => c.name).join(' ');
  const notReady = doneReason ? { reason: doneReason } : { reason: 'ContainersNotReady', message: `containers with unready status: [${names}]` };
  const wanted: Omit<PodCondition, 'lastProbeTime' | 'lastTransitionTime'>[] = [
    { type: 'PodReadyToStartContainers', status: doneReason ? 'False' : 'True' },
    { type: 'Initialized', status: 'True' },
    { type: 'Ready', status: ready ? 'True' : 'False', ...(ready ? {} : notReady) },
    { type: 'ContainersReady', status: ready ? 'True' : 'False', ...(ready ? {} : notReady) },
    { type: 'PodScheduled', status: 'True' },
  ];
  return wanted.map((c) => {
    const previous = old.find((o) => o.type === c.type);
    const lastTransitionTime = previous && previous.status === c.status ? previous.lastTransitionTime : time;
    return { ...c, lastProbeTime: null, lastTransitionTime } as PodCondition;
  });
}

/**
 * The step to write now, as one write: a pod's creation and, when its containers start at once (no
 * ContainerCreating delay, as kwok's `fast` profile), their start with it, so such a pod takes one
 * write instead of two. Every other step is `nextStep`'s. Pure, as `nextStep`.
 */
export function nextWrite(pod: KubeObject, now: Date, node: NodeContext, profile: Profile, stages: Stage[] = defaultStages): Step {
  const step = nextStep(pod, now, node, profile, stages);
  if (step.kind !== 'status' || step.stage !== 'pod-create') return step;
  const then = nextStep({ ...pod, status: step.status }, now, node, profile, stages);
  if (then.kind !== 'status') return step;
  return { kind: 'status', stage: `${step.stage}+${then.stage}`, status: then.status, events: [...step.events, ...then.events] };
}
