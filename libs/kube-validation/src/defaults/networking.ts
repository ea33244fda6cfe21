import type { Json } from '../validation/common';

/** Upstream networking/v1 `SetDefaults_NetworkPolicy` and `SetDefaults_NetworkPolicyPort`: Ingress at least, Egress when it has egress rules; ports TCP. */
export function defaultNetworkPolicy(policy: Json): void {
  const spec = (policy.spec ??= {});
  if (!spec.policyTypes?.length) spec.policyTypes = spec.egress?.length ? ['Ingress', 'Egress'] : ['Ingress'];
  for (const direction of ['ingress', 'egress']) for (const rule of (spec[direction] ?? []) as Json[]) for (const port of (rule.ports ?? []) as Json[]) port.protocol ??= 'TCP';
}

/** Upstream networking/v1 `SetDefaults_IngressClass`: parameters are cluster-scoped unless they say otherwise. */
export function defaultIngressClass(ingressClass: Json): void {
  const params = ingressClass.spec?.parameters;
  if (params && params.scope == null) params.scope = 'Cluster';
}
