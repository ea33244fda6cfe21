import type { Json } from '../validation/common';

/**
 * Upstream `SetDefaults_Namespace` (the name label) and, on create, the registry's
 * `PrepareForCreate`: the `kubernetes` finalizer; phase Active is `SetDefaults_NamespaceStatus`. The finalizer is not re-added
 * on update, where the namespace controller removes it.
 */
export function defaultNamespace(ns: Json, creating: boolean): void {
  if (ns.metadata?.name) ns.metadata.labels = { ...ns.metadata.labels, 'kubernetes.io/metadata.name': ns.metadata.name };
  ns.status ??= {};
  ns.status.phase ||= 'Active';
  if (!creating) return;
  const finalizers: string[] = ((ns.spec ??= {}).finalizers ??= []);
  if (!finalizers.includes('kubernetes')) finalizers.push('kubernetes');
}
