import type { KubeObject } from '@kronicle/contracts';
import { selectorMatches, type LabelSelector } from '@kronicle/kube-validation';
import { controllerOf, controllerRef } from './controller-ref';

export interface Claim<T extends KubeObject> {
  /** What the owner controls after the claim: owned and matching, plus adopted. */
  owned: T[];
  /** Objects whose ownerReferences change (adopted or released), to be written. */
  changed: T[];
}

/**
 * Upstream's ControllerRefManager: an owner keeps what it controls and its selector matches,
 * adopts matching orphans (not while it or they are being deleted), and releases what it
 * controls but no longer matches (unless it is being deleted).
 */
export function claim<T extends KubeObject>(owner: KubeObject, selector: LabelSelector, candidates: T[]): Claim<T> {
  const owned: T[] = [];
  const changed: T[] = [];
  const ownerDeleting = Boolean(owner.metadata.deletionTimestamp);
  for (const candidate of candidates) {
    const ref = controllerOf(candidate);
    const matches = selectorMatches(selector, candidate.metadata.labels);
    if (ref) {
      if (ref.uid !== owner.metadata.uid) continue;
      if (matches || ownerDeleting) owned.push(candidate);
      else changed.push(withOwnerReferences(candidate, (candidate.metadata.ownerReferences ?? []).filter((r) => r.uid !== ref.uid)));
    } else if (matches && !ownerDeleting && !candidate.metadata.deletionTimestamp) {
      const adopted = withOwnerReferences(candidate, [...(candidate.metadata.ownerReferences ?? []), controllerRef(owner)]);
      owned.push(adopted);
      changed.push(adopted);
    }
  }
  return { owned, changed };
}

function withOwnerReferences<T extends KubeObject>(object: T, ownerReferences: T['metadata']['ownerReferences']): T {
  const metadata = { ...object.metadata, ownerReferences };
  if (!ownerReferences?.length) delete metadata.ownerReferences;
  return { ...object, metadata };
}
