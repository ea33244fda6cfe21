import type { KubeObject } from '@kronicle/contracts';
import { errors } from '../api-error';
import { formatIpv4, inRange, parseCidr, parseIpv4, type Ipv4Range } from './ip-range';

export interface AddressConfig {
  /** Default 10.96.0.0/12, as kubeadm. */
  serviceCidr: string;
  /** Default 30000-32767. */
  nodePortRange: { first: number; last: number };
}

export const defaultAddressConfig: AddressConfig = { serviceCidr: '10.96.0.0/12', nodePortRange: { first: 30000, last: 32767 } };

export function addressConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AddressConfig {
  const [first, last] = (env.KRONICLE_NODE_PORT_RANGE ?? '30000-32767').split('-').map(Number);
  return { serviceCidr: env.KRONICLE_SERVICE_CIDR ?? defaultAddressConfig.serviceCidr, nodePortRange: { first, last } };
}

/** Addresses in use by live Services. */
export interface TakenAddresses {
  clusterIPs: Set<string>;
  /** `tcp/30080` */
  nodePorts: Set<string>;
}

interface ServicePort {
  name?: string;
  port?: number;
  protocol?: string;
  nodePort?: number;
}

interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ports?: ServicePort[];
}

/**
 * Gives a new or changed Service its ClusterIP and NodePorts as upstream's allocators do: requested
 * values are checked (taken or out of range: 422 with upstream's message), missing ones are picked
 * at random among the free ones, which keeps concurrent creates from all racing for the same one.
 */
export function allocateServiceAddresses(
  service: KubeObject,
  taken: TakenAddresses,
  config: AddressConfig,
  previous?: KubeObject,
  random: () => number = Math.random,
): KubeObject {
  const spec = { ...((service.spec ?? {}) as ServiceSpec) };
  const name = service.metadata.name ?? '';
  const invalid = (field: string, value: string, detail: string) => {
    const message = `${field}: Invalid value: ${value}: ${detail}`;
    return errors.invalid('Service', '', name, `Service "${name}" is invalid: ${message}`, [{ reason: 'FieldValueInvalid', field, message: `Invalid value: ${value}: ${detail}` }]);
  };
  const range = parseCidr(config.serviceCidr);
  const previousSpec = (previous?.spec ?? {}) as ServiceSpec;

  if (spec.type !== 'ExternalName' && spec.clusterIP !== 'None') {
    const requested = spec.clusterIP || spec.clusterIPs?.[0];
    if (requested && requested !== previousSpec.clusterIP) {
      const ip = parseIpv4(requested);
      const shown = `[]string{"${requested}"}`;
      if (ip === undefined || !inRange(range, ip)) {
        throw invalid('spec.clusterIPs', shown, `failed to allocate IP ${requested}: the provided IP (${requested}) is not in the valid range. The range of valid IPs is ${range.cidr}`);
      }
      if (taken.clusterIPs.has(requested)) throw invalid('spec.clusterIPs', shown, `failed to allocate IP ${requested}: provided IP is already allocated`);
    }
    const ip = requested || randomFree(range.first, range.last, (n) => !taken.clusterIPs.has(formatIpv4(n)), random, formatIpv4);
    if (!ip) throw errors.internal(`failed to allocate a serviceIP: range is full`);
    spec.clusterIP = ip;
    spec.clusterIPs = [ip];
  }

  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
    const used = new Set(taken.nodePorts);
    spec.ports = (spec.ports ?? []).map((port, i) => {
      const protocol = (port.protocol ?? 'TCP').toLowerCase();
      const kept = previousSpec.ports?.find((p) => p.nodePort && p.nodePort === port.nodePort && (p.protocol ?? 'TCP').toLowerCase() === protocol);
      if (port.nodePort && !kept) {
        const { first, last } = config.nodePortRange;
        if (port.nodePort < first || port.nodePort > last) {
          throw invalid(`spec.ports[${i}].nodePort`, String(port.nodePort), `provided port is not in the valid range. The range of valid ports is ${first}-${last}`);
        }
        if (used.has(`${protocol}/${port.nodePort}`)) throw invalid(`spec.ports[${i}].nodePort`, String(port.nodePort), 'provided port is already allocated');
      }
      const nodePort = port.nodePort ?? randomFree(config.nodePortRange.first, config.nodePortRange.last, (n) => !used.has(`${protocol}/${n}`), random, (n) => n);
      if (!nodePort) throw errors.internal('failed to allocate a nodePort: range is full');
      used.add(`${protocol}/${nodePort}`);
      return { ...port, nodePort };
    });
  } else if (spec.ports?.some((p) => p.nodePort)) {
    // Upstream drops node ports when a Service stops being NodePort or LoadBalancer.
    spec.ports = spec.ports.map(({ nodePort: _dropped, ...port }) => port);
  }
  return { ...service, spec };
}

/** A random free value in [first, last]: a random starting point, then the next free one after it. */
function randomFree<T>(first: number, last: number, isFree: (n: number) => boolean, random: () => number, format: (n: number) => T): T | undefined {
  const size = last - first + 1;
  const start = Math.floor(random() * size);
  for (let i = 0; i < size; i++) {
    const candidate = first + ((start + i) % size);
    if (isFree(candidate)) return format(candidate);
  }
  return undefined;
}

/** Every address held by the given live Services. */
export function takenAddresses(services: KubeObject[]): TakenAddresses {
  const taken: TakenAddresses = { clusterIPs: new Set(), nodePorts: new Set() };
  for (const service of services) {
    const spec = (service.spec ?? {}) as ServiceSpec;
    for (const ip of spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : [])) if (ip !== 'None') taken.clusterIPs.add(ip);
    for (const port of spec.ports ?? []) if (port.nodePort) taken.nodePorts.add(`${(port.protocol ?? 'TCP').toLowerCase()}/${port.nodePort}`);
  }
  return taken;
}

/** What a write needs to give Services their addresses: the live Services and the ranges. */
export interface AddressContext {
  liveServices(): KubeObject[];
  config: AddressConfig;
  /** Injected for deterministic tests; Math.random otherwise. */
  random?: () => number;
}

/** The first address of the service range, which the `kubernetes` Service holds. */
export function firstServiceAddress(config: AddressConfig): string {
  return formatIpv4(parseCidr(config.serviceCidr).first);
}

export function isService(info: { group: string; resource: string }): boolean {
  return info.group === '' && info.resource === 'services';
}
