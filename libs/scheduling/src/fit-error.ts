import type { FilterStatus } from './types';

/** "3 Insufficient cpu, 2 node(s) had untolerated taint {…}": reasons counted over nodes, sorted as strings (upstream). */
function histogram(reasons: string[]): string {
  const counts = new Map<string, number>();
  for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return [...counts].map(([reason, n]) => `${n} ${reason}`).sort().join(', ');
}

/**
 * Upstream FitError.Error(): how many nodes were rejected for what, or what rejected the pod before
 * any node was looked at (`preFilter`). Followed by " preemption: " and what the PostFilter said
 * (`preemptionMessage`, or why the pod may not preempt), unless preemption nominated a node. Example:
 * "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption
 * victims found for incoming pod."
 */
export function fitErrorMessage(nodeCount: number, statuses: FilterStatus[], postFilter?: string, preFilter?: string): string {
  const filtered = preFilter ?? histogram(statuses.flatMap((s) => s.reasons));
  const head = `0/${nodeCount} nodes are available${filtered ? `: ${filtered}` : ''}.`;
  return postFilter === undefined || nodeCount === 0 ? head : `${head} preemption: ${postFilter}`;
}

/** DefaultPreemption's message when no node has victims whose deletion would make the pod fit. */
export function preemptionMessage(nodeCount: number, statuses: FilterStatus[]): string {
  const preemption = histogram(statuses.map((s) => (s.unresolvable ? 'Preemption is not helpful for scheduling' : 'No preemption victims found for incoming pod')));
  return `0/${nodeCount} nodes are available: ${preemption}.`;
}
