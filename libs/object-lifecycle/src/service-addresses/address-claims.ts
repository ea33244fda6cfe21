import type { KubeObject } from '@kronicle/contracts';

/**
 * The addresses a Service holds, as claim names: `clusterip/10.96.0.10`, `nodeport/tcp/30080`.
 * Each claim is a stream of its own in the log; appending to it with an expected version is
 * how concurrent creates are kept from taking the same address (the log decides).
 */
export function addressClaims(service: KubeObject | undefined): string[] {
  if (!service) return [];
  const spec = (service.spec ?? {}) as { clusterIPs?: string[]; clusterIP?: string; ports?: { nodePort?: number; protocol?: string }[] };
  const ips = spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : []);
  return [
    ...ips.filter((ip) => ip && ip !== 'None').map((ip) => `clusterip/${ip}`),
    ...(spec.ports ?? []).filter((p) => p.nodePort).map((p) => `nodeport/${(p.protocol ?? 'TCP').toLowerCase()}/${p.nodePort}`),
  ];
}

export function claimStreamId(claim: string): string {
  return `alloc/${claim}`;
}

/** What a change of a Service does to its claims. */
export function claimChanges(before: KubeObject | undefined, after: KubeObject | undefined): { claim: string[]; release: string[] } {
  const old = new Set(addressClaims(before));
  const next = new Set(addressClaims(after));
  return { claim: [...next].filter((c) => !old.has(c)), release: [...old].filter((c) => !next.has(c)) };
}
