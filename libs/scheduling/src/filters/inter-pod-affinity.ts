import { termMatchesPod } from '../labels';
import type { Snapshot } from '../snapshot';
import type { NodeInfo, PodAffinityTerm, PodInfo } from '../types';
import { unresolvable, unschedulable, type FilterPlugin } from './filter';

const domain = (key: string, value: string) => `${key}\u0000${value}`;

/** Domains (topology key and value) holding at least one placed pod that matches the term. */
function domainsWithMatches(term: PodAffinityTerm, owner: PodInfo, snapshot: Snapshot): Set<string> {
  const found = new Set<string>();
  const namespaces = term.namespaces?.length ? term.namespaces : [owner.namespace];
  for (const namespace of namespaces) {
    for (const pod of snapshot.podsIn(namespace)) {
      const value = snapshot.node(pod.nodeName!)?.labels[term.topologyKey];
      if (value !== undefined && termMatchesPod(term, owner.namespace, pod)) found.add(domain(term.topologyKey, value));
    }
  }
  return found;
}

/**
 * Upstream InterPodAffinity, required terms only, for any topology key (hostname, zone, …): the
 * pod's affinity terms need a matching pod in the node's domain, its anti-affinity terms none, and
 * no placed pod's anti-affinity may match it within that pod's domain. Skipped, as upstream, when
 * the pod has no such terms and no placed pod has anti-affinity.
 */
export const interPodAffinity: FilterPlugin = {
  name: 'InterPodAffinity',
  prepare(pod, snapshot) {
    if (!pod.requiredAffinity.length && !pod.requiredAntiAffinity.length && !snapshot.withAntiAffinity.length) return undefined;
    const affinity = pod.requiredAffinity.map((term) => ({ term, domains: domainsWithMatches(term, pod, snapshot) }));
    // The first pod of a group that selects itself may go anywhere the topology keys exist.
    const firstOfGroup = affinity.every((a) => a.domains.size === 0) && pod.requiredAffinity.every((term) => termMatchesPod(term, pod.namespace, pod));
    const anti = pod.requiredAntiAffinity.map((term) => ({ term, domains: domainsWithMatches(term, pod, snapshot) }));
    const forbidden = new Set<string>();
    for (const existing of snapshot.withAntiAffinity) {
      const labels = snapshot.node(existing.nodeName!)?.labels ?? {};
      for (const term of existing.requiredAntiAffinity) {
        const value = labels[term.topologyKey];
        if (value !== undefined && termMatchesPod(term, existing.namespace, pod)) forbidden.add(domain(term.topologyKey, value));
      }
    }
    const has = (node: NodeInfo, set: Set<string>, key: string) => node.labels[key] !== undefined && set.has(domain(key, node.labels[key]));
    return (node) => {
      const affinityHolds = affinity.every(({ term, domains }) => has(node, domains, term.topologyKey) || (firstOfGroup && node.labels[term.topologyKey] !== undefined));
      if (!affinityHolds) return unresolvable("node(s) didn't match pod affinity rules");
      if (anti.some(({ term, domains }) => has(node, domains, term.topologyKey))) return unschedulable("node(s) didn't match pod anti-affinity rules");
      if (forbidden.size && Object.entries(node.labels).some(([key, value]) => forbidden.has(domain(key, value)))) {
        return unschedulable("node(s) didn't satisfy existing pods anti-affinity rules");
      }
      return undefined;
    };
  },
};
