import type { NodeSelectorRequirement, NodeSelectorTerm, PersistentVolume } from './types';

/**
 * Upstream `CheckNodeAffinity`: a volume without required node affinity fits every node; otherwise
 * one of its terms must match (a term is the AND of its requirements; matchFields knows metadata.name).
 */
export function volumeFitsNode(volume: PersistentVolume, nodeName: string, nodeLabels: Record<string, string>): boolean {
  const terms = volume.spec.nodeAffinity?.required?.nodeSelectorTerms;
  if (!terms) return true;
  return terms.some((term) => termMatches(term, nodeName, nodeLabels));
}

function termMatches(term: NodeSelectorTerm, nodeName: string, labels: Record<string, string>): boolean {
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  // Upstream: an empty term matches no node.
  if (expressions.length === 0 && fields.length === 0) return false;
  return expressions.every((r) => requirementMatches(r, labels)) && fields.every((r) => requirementMatches(r, { 'metadata.name': nodeName }));
}

function requirementMatches(r: NodeSelectorRequirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = labels[r.key];
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return has && values.includes(value);
    case 'NotIn':
      return !has || !values.includes(value);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || values.length !== 1) return false;
      const [a, b] = [Number.parseInt(value, 10), Number.parseInt(values[0], 10)];
      if (Number.isNaN(a) || Number.isNaN(b)) return false;
      return r.operator === 'Gt' ? a > b : a < b;
    }
    default:
      return false;
  }
}
