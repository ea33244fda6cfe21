import type { KubeObject } from '@kronicle/contracts';
import { behaviourOf, profiles } from './behaviour';
import { statusOf } from './pod-status';

export interface LogOptions {
  container?: string;
  /** The previous instance (`kubectl logs --previous`). */
  previous?: boolean;
}

export interface LogLine {
  /** When the line is written (epoch ms). */
  at: number;
  text: string;
}

/** One instance of a simulated container, and everything it writes. */
export interface ContainerLog {
  /** When the instance started: what tells it from the container's other instances. */
  startedAt: string;
  /** Its lines in order, those still to come included while it runs. */
  lines: LogLine[];
  /** When it ended (epoch ms); undefined while it runs. */
  finishedAt?: number;
}

/**
 * What a simulated container writes: the `kronicle.dev/log-lines` annotation, one line a second
 * from its start, or a start line; then how it ended. Undefined when the instance asked for never
 * started (upstream answers 400 "… is waiting to start").
 */
export function containerLog(pod: KubeObject, options: LogOptions = {}): ContainerLog | undefined {
  const { containerStatuses = [], initContainerStatuses = [], ephemeralContainerStatuses = [] } = statusOf(pod);
  const status = options.container ? [...containerStatuses, ...initContainerStatuses, ...ephemeralContainerStatuses].find((c) => c.name === options.container) : containerStatuses[0];
  if (!status) return undefined;
  // Upstream's kubelet (validateContainerLogStatus): the running or terminated instance, else the
  // last one that terminated, so a container waiting in CrashLoopBackOff shows why it crashed.
  const current = status.state.running || status.state.terminated ? status.state : status.lastState;
  const state = options.previous ? status.lastState : current;
  const startedAt = state.running?.startedAt ?? state.terminated?.startedAt;
  if (!startedAt) return undefined;
  const start = Date.parse(startedAt);
  const finishedAt = state.terminated ? Date.parse(state.terminated.finishedAt) : undefined;
  const given = behaviourOf(pod, profiles.general).logLines;
  const lines = given
    ? given.map((text, i) => ({ at: start + i * 1000, text })).filter((line) => finishedAt === undefined || line.at <= finishedAt)
    : [{ at: start, text: `${startedAt} ${status.name}: started ${status.image}` }];
  if (state.terminated) lines.push({ at: finishedAt!, text: `${state.terminated.finishedAt} ${status.name}: exited with code ${state.terminated.exitCode}` });
  return { startedAt, lines, ...(finishedAt === undefined ? {} : { finishedAt }) };
}
