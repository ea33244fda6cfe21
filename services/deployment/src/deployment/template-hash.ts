import { isDeepStrictEqual } from 'node:util';
import { fnv32a, safeEncode } from '@kronicle/pod-control';
import type { PodTemplate } from '@kronicle/pod-control';

export const POD_TEMPLATE_HASH = 'pod-template-hash';

/**
 * Upstream `ComputeHash`: FNV-32a of the template (here its canonical JSON, upstream a Go dump of
 * the struct), plus the collision count, written in the safe alphabet, e.g. `7d9c6b5f4`. The
 * `creationTimestamp: null` every stored template has is left out, so a template hashes as it did
 * before the API added it: Deployments created earlier keep their ReplicaSets' names.
 */
export function templateHash(template: PodTemplate, collisionCount?: number): string {
  const text = canonicalJson(withoutNullCreationTimestamp(template)) + (collisionCount ? String(collisionCount) : '');
  return safeEncode(String(fnv32a(text)));
}

function withoutNullCreationTimestamp(template: PodTemplate): PodTemplate {
  if (template.metadata?.creationTimestamp !== null) return template;
  const { creationTimestamp: _zero, ...metadata } = template.metadata;
  return { ...template, metadata };
}

/** Upstream `EqualIgnoreHash`: templates equal apart from the pod-template-hash label. */
export function equalIgnoreHash(a: PodTemplate, b: PodTemplate): boolean {
  return isDeepStrictEqual(normalize(a), normalize(b));
}

function normalize(template: PodTemplate): unknown {
  const labels = { ...(template.metadata?.labels ?? {}) };
  delete labels[POD_TEMPLATE_HASH];
  return JSON.parse(canonicalJson({ ...template, metadata: { ...template.metadata, labels } }), (_key, value: unknown) => (isEmpty(value) ? undefined : value));
}

function isEmpty(value: unknown): boolean {
  return value === null || (typeof value === 'object' && Object.keys(value as object).length === 0);
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}
