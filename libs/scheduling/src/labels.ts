import { selectorMatches } from '@kronicle/kube-validation';
import type { LabelSelector, NodeSelectorTerm, PodAffinityTerm, PodInfo } from './types';

type Requirement = { key: string; operator: string; values?: string[] };

/** Upstream nodeaffinity: a node selector requirement, with Gt and Lt on integers. */
function requirementMatches(value: string | undefined, req: Requirement): boolean {
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || !/^-?\d+$/.test(value) || values.length !== 1) return false;
      return req.operator === 'Gt' ? Number(value) > Number(values[0]) : Number(value) < Number(values[0]);
    }
    default:
      return false;
  }
}

/** Required node affinity: the terms are ORed, each term's requirements ANDed; an empty term matches nothing. */
export function nodeSelectorTermsMatch(terms: NodeSelectorTerm[], nodeName: string, labels: Record<string, string>): boolean {
  return terms.some((term) => {
    const expressions = term.matchExpressions ?? [];
    const fields = term.matchFields ?? [];
    if (expressions.length === 0 && fields.length === 0) return false;
    return (
      expressions.every((req) => requirementMatches(labels[req.key], req)) &&
      fields.every((req) => req.key === 'metadata.name' && requirementMatches(nodeName, req))
    );
  });
}

/** A term's label selector; a missing selector matches nothing, an empty one everything (as upstream). */
export function labelSelectorMatches(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  return selectorMatches(selector as Parameters<typeof selectorMatches>[0], labels);
}

/** Whether an existing pod matches an affinity term of a pod in `ownerNamespace` (namespaces default to it). */
export function termMatchesPod(term: PodAffinityTerm, ownerNamespace: string, pod: PodInfo): boolean {
  const namespaces = term.namespaces?.length ? term.namespaces : [ownerNamespace];
  return namespaces.includes(pod.namespace) && labelSelectorMatches(term.labelSelector, pod.labels);
}
