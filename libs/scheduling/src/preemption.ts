import { fitErrorMessage, preemptionMessage } from './fit-error';
import { labelSelectorMatches } from './labels';
import { addPod, copyNodeInfo, removePod } from './node-info';
import { comparePods } from './queue-order';
import { defaultProfile, nodeFilter, schedulePod, type Profile } from './schedule-pod';
import type { Snapshot } from './snapshot';
import type { LabelSelector, PodInfo } from './types';

/** Where a pod no node fits goes once the victims, pods of lower priority on that node, are deleted. */
export interface Preemption {
  nodeName: string;
  victims: PodInfo[];
}

/** A PodDisruptionBudget as preemption weighs it: its selector, status.disruptionsAllowed and status.disruptedPods. */
export interface DisruptionBudget {
  namespace: string;
  selector?: LabelSelector;
  disruptionsAllowed: number;
  disruptedPods?: Record<string, unknown>;
}

export type ScheduleOutcome =
  | { kind: 'bound'; nodeName: string }
  /** No node fits yet: the victims are to be deleted, and the pod waits for `nodeName` (its nominatedNodeName). */
  | { kind: 'nominated'; nodeName: string; victims: PodInfo[]; message: string }
  | { kind: 'unschedulable'; message: string };

/**
 * A scheduling cycle with upstream's PostFilter: a pod no node fits preempts pods of lower priority
 * where it may and can, and the FailedScheduling message says what preemption found.
 */
export function scheduleOrPreempt(pod: PodInfo, snapshot: Snapshot, profile: Profile = defaultProfile, budgets: () => readonly DisruptionBudget[] = () => []): ScheduleOutcome {
  const result = schedulePod(pod, snapshot, profile);
  if (result.kind === 'bound') return result;
  const { nodeCount, statuses, preFilter } = result;
  const notEligible = notEligibleToPreempt(pod, snapshot);
  // A PreFilter's rejection holds on every node whatever is removed from it: no victim can help.
  const preemption = notEligible || preFilter ? undefined : selectPreemption(pod, snapshot, profile, budgets());
  if (preemption) return { kind: 'nominated', ...preemption, message: fitErrorMessage(nodeCount, statuses) };
  return { kind: 'unschedulable', message: fitErrorMessage(nodeCount, statuses, notEligible ?? preemptionMessage(nodeCount, statuses), preFilter) };
}

/** Why a pod may not preempt now (upstream's PodEligibleToPreemptOthers), as its FailedScheduling message says it. */
function notEligibleToPreempt(pod: PodInfo, snapshot: Snapshot): string | undefined {
  if ((pod.object.spec as { preemptionPolicy?: string } | undefined)?.preemptionPolicy === 'Never') return 'not eligible due to preemptionPolicy=Never.';
  const nominated = (pod.object.status as { nominatedNodeName?: string } | undefined)?.nominatedNodeName;
  const node = nominated ? snapshot.node(nominated) : undefined;
  // Its earlier preemption still runs: deciding again would take more victims for the same room.
  if (node?.pods.some((p) => p.priority < pod.priority && terminatingByPreemption(p))) return 'not eligible due to a terminating pod on the nominated node.';
  return undefined;
}

/**
 * Upstream's DefaultPreemption (a PostFilter) for a pod no node fits. On each node whose rejection
 * a removal can cure, the pods of lower priority are taken off; if the pod then fits, those it can
 * live beside are given back — first those whose deletion would break a PodDisruptionBudget, then
 * the others, the most important first in each — and the rest are the victims (SelectVictimsOnNode).
 * The dry run starts where the scheduling search stands and stops after `candidatesToFind` candidate
 * nodes. Of those, the one with the fewest victims that break a budget wins, then the one whose most
 * important victim matters least, then the lowest sum of victims' priorities, then the fewest
 * victims, then the first found (pickOneNodeForPreemption, without its start-time criterion). The
 * victims only leave their own node in this dry run: a victim whose going would lift an inter-pod
 * affinity or a spread constraint elsewhere is not counted on, where upstream counts on it.
 */
export function selectPreemption(pod: PodInfo, snapshot: Snapshot, profile: Profile = defaultProfile, budgets: readonly DisruptionBudget[] = []): Preemption | undefined {
  const failing = nodeFilter(pod, snapshot, profile);
  const { nodes } = snapshot;
  const wanted = candidatesToFind(nodes.length);
  let found = 0;
  let chosen: { preemption: Preemption; cost: number[] } | undefined;
  // Upstream starts at a random offset; the search's start rotates just as well, and repeatably.
  for (let visited = 0; visited < nodes.length && found < wanted; visited++) {
    const node = nodes[(snapshot.searchStart + visited) % nodes.length];
    // Most nodes of a cluster whose pods share one priority have none: found without a copy.
    if (!node.pods.some((p) => p.priority < pod.priority) || failing(node)?.unresolvable) continue;
    const lower = node.pods.filter((p) => p.priority < pod.priority);
    const trial = copyNodeInfo(node);
    for (const p of lower) removePod(trial, p);
    if (failing(trial)) continue;
    // A pod only assumed into the snapshot (a waiting pod's nomination) makes way; nothing is deleted for it.
    const { breaking, others } = byBudgets(lower.filter(bound).sort(comparePods), budgets);
    const victims: PodInfo[] = [];
    const reprieved = (p: PodInfo) => {
      addPod(trial, p);
      if (!failing(trial)) return true;
      removePod(trial, p);
      victims.push(p);
      return false;
    };
    let violations = 0;
    for (const p of breaking) if (!reprieved(p)) violations++;
    for (const p of others) reprieved(p);
    const cost = [violations, Math.max(...victims.map((v) => v.priority)), victims.reduce((sum, v) => sum + v.priority, 0), victims.length];
    found++;
    if (!chosen || isLower(cost, chosen.cost)) chosen = { preemption: { nodeName: node.name, victims }, cost };
  }
  return chosen?.preemption;
}

/**
 * Upstream's GetOffsetAndNumCandidates: the dry run stops once it has found 10 % of the nodes as
 * candidates, at least 100 (minCandidateNodesPercentage, minCandidateNodesAbsolute).
 */
export function candidatesToFind(nodeCount: number): number {
  return Math.min(nodeCount, Math.max(100, Math.floor(nodeCount / 10)));
}

/**
 * Upstream's filterPodsWithPDBViolation: going through the pods in order, each takes one disruption
 * from every budget that selects it (unless the budget already counts it as disrupted); a pod that
 * leaves one of them below zero would break it. A budget without a selector, or with an empty one,
 * selects nothing here, as upstream's preemption reads it.
 */
function byBudgets(pods: PodInfo[], budgets: readonly DisruptionBudget[]): { breaking: PodInfo[]; others: PodInfo[] } {
  const allowed = budgets.map((b) => b.disruptionsAllowed);
  const breaking: PodInfo[] = [];
  const others: PodInfo[] = [];
  for (const pod of pods) {
    let breaks = false;
    budgets.forEach((budget, i) => {
      const { selector } = budget;
      if (budget.namespace !== pod.namespace || !selector || isEmptySelector(selector) || !labelSelectorMatches(selector, pod.labels)) return;
      if (budget.disruptedPods && pod.name in budget.disruptedPods) return;
      if (--allowed[i] < 0) breaks = true;
    });
    (breaks ? breaking : others).push(pod);
  }
  return { breaking, others };
}

const isEmptySelector = (selector: LabelSelector) => Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;

const bound = (pod: PodInfo) => Boolean((pod.object.spec as { nodeName?: string } | undefined)?.nodeName);

/** Deleted by a scheduler's preemption (upstream's podTerminatingByPreemption). */
function terminatingByPreemption(pod: PodInfo): boolean {
  const conditions = (pod.object.status as { conditions?: { type: string; reason?: string }[] } | undefined)?.conditions ?? [];
  return Boolean(pod.object.metadata.deletionTimestamp) && conditions.some((c) => c.type === 'DisruptionTarget' && c.reason === 'PreemptionByScheduler');
}

function isLower(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}
