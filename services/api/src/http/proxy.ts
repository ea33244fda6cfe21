import type { KubeObject } from '@kronicle/contracts';
import { errors } from '@kronicle/object-lifecycle';

/** Upstream's net.SplitSchemeNamePort: `name`, `name:port` or `scheme:name:port`, the scheme http or https. */
function proxiedName(id: string): string | undefined {
  const parts = id.split(':');
  const [scheme, name] = parts.length === 3 ? [parts[0], parts[1]] : ['', parts[0]];
  return parts.length <= 3 && name && ['', 'http', 'https'].includes(scheme) ? name : undefined;
}

/**
 * `nodes/proxy`, `pods/proxy`, `services/proxy` (`kubectl get --raw …/proxy/…`, `kubectl proxy`): the object
 * is found as upstream's proxy REST finds it, then refused, a simulated node running no kubelet API and a
 * simulated pod listening on no port. Without this answer the API said `the server could not find the
 * requested resource`, as if it did not know the subresource.
 */
export function refuseProxy(resource: string, id: string, get: (name: string) => KubeObject): never {
  const { kind, backend } = PROXIED[resource];
  const name = proxiedName(id);
  if (!name) throw errors.badRequest(`invalid ${kind} request "${id}"`);
  get(name);
  throw errors.serviceUnavailable(`${kind} proxy is not available: ${backend(name)}`);
}

/** What each proxy would reach, and why a simulated cluster has nothing there. */
const PROXIED: Record<string, { kind: string; backend: (name: string) => string }> = {
  nodes: { kind: 'node', backend: (name) => `node ${name} is simulated and serves no kubelet API` },
  pods: { kind: 'pod', backend: (name) => `pod ${name} is simulated and listens on no port` },
  services: { kind: 'service', backend: (name) => `the pods of service ${name} are simulated and listen on no port` },
};
