import { kubeEvent, type ObjectWrite } from '@kronicle/controller-runtime';
import { resourceInfo } from '@kronicle/object-lifecycle';
import type { AddressPool } from './address-pool';
import type { Service } from './types';

export const services = resourceInfo('', 'services');
const COMPONENT = 'metallb-controller';
const REQUESTED_IPS = 'metallb.universe.tf/loadBalancerIPs';

/** The ingress IPs a service holds from the pool. */
export const poolIps = (service: Service, pool: AddressPool) => (service.status?.loadBalancer?.ingress ?? []).flatMap((i) => (i.ip && pool.has(i.ip) ? [i.ip] : []));

/** A LoadBalancer service this allocator serves (a loadBalancerClass names another implementation). */
export const wantsAddress = (service: Service) => service.spec?.type === 'LoadBalancer' && !service.spec.loadBalancerClass;

/**
 * MetalLB's controller, reduced to one pool: a LoadBalancer service gets the address it asks for
 * (`spec.loadBalancerIP` or `metallb.universe.tf/loadBalancerIPs`) or the first free one, written to
 * `status.loadBalancer.ingress`; with none free it stays pending (kubectl shows `<pending>`) with a
 * Warning. A service that stops being a LoadBalancer releases its address; a deleted one has none.
 * `others` are the other services, whose addresses are taken.
 */
export function reconcileLoadBalancer(service: Service, others: Service[], pool: AddressPool, now: Date, warned: (message: string) => boolean): ObjectWrite[] {
  const held = poolIps(service, pool);
  if (!wantsAddress(service)) return held.length ? [statusWith(service, [])] : [];
  const used = new Set(others.flatMap((s) => poolIps(s, pool)));
  const requested = service.metadata.annotations?.[REQUESTED_IPS]?.split(',')[0]?.trim() || service.spec?.loadBalancerIP;
  if (held.length && !used.has(held[0]) && (!requested || requested === held[0])) return [];
  const name = `${service.metadata.namespace}/${service.metadata.name}`;
  let ip: string | undefined;
  let failure: string | undefined;
  if (requested) {
    if (!pool.has(requested)) failure = `Failed to allocate IP for "${name}": ["${requested}"] is not allowed in config`;
    else if (used.has(requested)) failure = `Failed to allocate IP for "${name}": can't change sharing key for "${name}", address also in use by another service`;
    else ip = requested;
  } else {
    ip = pool.addresses.find((a) => !used.has(a));
    if (!ip) failure = `Failed to allocate IP for "${name}": no available IPs`;
  }
  if (!ip) {
    const clear = held.length ? [statusWith(service, [])] : [];
    return warned(failure!) ? clear : [...clear, kubeEvent({ regarding: service, type: 'Warning', reason: 'AllocationFailed', message: failure!, component: COMPONENT, now })];
  }
  return [statusWith(service, [ip]), kubeEvent({ regarding: service, type: 'Normal', reason: 'IPAllocated', message: `Assigned IP ["${ip}"]`, component: COMPONENT, now })];
}

function statusWith(service: Service, ips: string[]): ObjectWrite {
  const loadBalancer = ips.length ? { ingress: ips.map((ip) => ({ ip, ipMode: 'VIP' })) } : {};
  return { kind: 'update', resource: services, subresource: 'status', object: { ...service, status: { ...service.status, loadBalancer } } };
}
