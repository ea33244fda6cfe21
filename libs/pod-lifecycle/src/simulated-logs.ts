import type { KubeObject } from '@kronicle/contracts';
import { behaviourOf, profiles } from './behaviour';
import { statusOf } from './pod-status';

export interface LogOptions {
  container?: string;
  /** The previous instance (`kubectl logs --previous`). */
  previous?: boolean;
}

/**
 * What `kubectl logs` shows for a simulated container at `now`: the `kronicle.dev/log-lines`
 * annotation, one line a second from the container's start, or a start line; then how it ended.
 * Undefined when the container never started (upstream answers 400 "… is waiting to start").
 */
export function simulatedLogs(pod: KubeObject, now: Date, options: LogOptions = {}): string | undefined {
  const statuses = statusOf(pod).containerStatuses ?? [];
  const status = options.container ? statuses.find((c) => c.name === options.container) : statuses[0];
  if (!status) return undefined;
  const state = options.previous ? status.lastState : status.state;
  const startedAt = state.running?.startedAt ?? state.terminated?.startedAt;
  if (!startedAt) return undefined;
  const start = Date.parse(startedAt);
  const end = state.terminated ? Date.parse(state.terminated.finishedAt) : now.getTime();
  const given = behaviourOf(pod, profiles.general).logLines;
  const lines = given ? given.filter((_, i) => start + i * 1000 <= end) : [`${startedAt} ${status.name}: started ${status.image}`];
  const ended = state.terminated ? [`${state.terminated.finishedAt} ${status.name}: exited with code ${state.terminated.exitCode}`] : [];
  return [...lines, ...ended].map((l) => `${l}\n`).join('');
}
