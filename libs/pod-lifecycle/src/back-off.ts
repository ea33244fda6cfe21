/**
 * The kubelet's CrashLoopBackOff: the first restart is immediate, then 10 s doubling up to 5 min.
 * `restarts` is the restart count before this restart. Example: 0 → 0 s, 1 → 10 s, 2 → 20 s, 6 → 300 s.
 */
export function crashLoopBackOffSeconds(restarts: number): number {
  if (restarts <= 0) return 0;
  return Math.min(300, 10 * 2 ** (restarts - 1));
}
