import type { Pod } from '@kronicle/pod-control';
import { isPodAvailable, isPodUpdated, type NodeDaemonPods } from './daemon-pods';
import type { DaemonSet } from './objects';

/** An int or a percentage of `total`, rounded up (upstream `GetScaledValueFromIntOrPercent(…, true)`). */
function scaled(value: number | string | undefined, total: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number') return value;
  return Math.ceil((Number(value.replace('%', '')) * total) / 100);
}

/**
 * Upstream `rollingUpdate` without surge: old pods that are not available are replaced at once,
 * available ones only while fewer than maxUnavailable nodes lack an available current pod. E.g. 5
 * nodes, maxUnavailable 1: one old pod goes, its node gets the new one (the manage step), and once
 * that is available the next old one goes. A node with no pod, or with both, counts as unavailable.
 */
export function podsToReplace(ds: DaemonSet, onNodes: NodeDaemonPods[], hash: string, now: Date): Pod[] {
  const desired = onNodes.filter((n) => n.fit.shouldRun).length;
  const maxUnavailable = Math.max(1, scaled(ds.spec.updateStrategy?.rollingUpdate?.maxUnavailable, desired, 1));
  const minReadySeconds = ds.spec.minReadySeconds ?? 0;
  let unavailable = 0;
  const replaceNow: Pod[] = [];
  const candidates: Pod[] = [];
  for (const { pods, live } of onNodes) {
    if (pods.length === 0) continue;
    const current = live.filter((pod) => isPodUpdated(pod, hash, ds.metadata.generation));
    const old = live.filter((pod) => !isPodUpdated(pod, hash, ds.metadata.generation));
    if (current.length > 1 || old.length > 1 || current.length === old.length) unavailable++;
    else if (current.length === 1) {
      if (!isPodAvailable(current[0], minReadySeconds, now)) unavailable++;
    } else if (!isPodAvailable(old[0], minReadySeconds, now)) replaceNow.push(old[0]);
    else if (unavailable < maxUnavailable) candidates.push(old[0]);
  }
  return [...replaceNow, ...candidates.slice(0, Math.max(0, maxUnavailable - unavailable))];
}
