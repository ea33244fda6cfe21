import type { FilterStatus } from './types';

/** "3 Insufficient cpu, 2 node(s) had untolerated taint {…}": reasons counted over nodes, sorted as strings (upstream). */
function histogram(reasons: string[]): string {
  const counts = new Map<string, number>();
  for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return [...counts].map(([reason, n]) => `${n} ${reason}`).sort().join(', ');
}

/**
 * Upstream FitError.Error() followed by DefaultPreemption's message. No pod is ever preempted
 * here: nodes rejected for resolvable reasons have no victims, the others cannot be helped.
 * Example: "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod."
 */
export function fitErrorMessage(nodeCount: number, statuses: FilterStatus[]): string {
  const filtered = histogram(statuses.flatMap((s) => s.reasons));
  const preemption = histogram(statuses.map((s) => (s.unresolvable ? 'Preemption is not helpful for scheduling' : 'No preemption victims found for incoming pod')));
  const head = `0/${nodeCount} nodes are available${filtered ? `: ${filtered}` : ''}.`;
  return nodeCount === 0 ? head : `${head} preemption: 0/${nodeCount} nodes are available: ${preemption}.`;
}
