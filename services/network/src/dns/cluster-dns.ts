import { objectStreamId } from '@kronicle/contracts';
import type { ClusterState } from '@kronicle/projection';
import type { Answer } from 'dns-packet';
import { isHeadless, type Endpoint, type EndpointSlice, type Service } from '../types';
import { CONTROLLER_NAME, MANAGED_BY_LABEL, SERVICE_NAME_LABEL } from '../endpoint-slices';

/** CoreDNS kubernetes plugin defaults: zone cluster.local, TTL 5 s, `pods insecure`. */
export const ZONE = 'cluster.local';
const TTL = 5;

export type Rcode = 'NOERROR' | 'NXDOMAIN' | 'REFUSED';

export interface DnsAnswer {
  rcode: Rcode;
  answers: Answer[];
  /** A records of SRV targets, as CoreDNS adds them. */
  additionals: Answer[];
  /** The zone's SOA for negative answers (NXDOMAIN, NODATA), so resolvers cache them as CoreDNS lets them. */
  authorities: Answer[];
}

const soa: Answer = {
  type: 'SOA',
  name: ZONE,
  ttl: TTL,
  class: 'IN',
  data: { mname: `ns.dns.${ZONE}`, rname: `hostmaster.${ZONE}`, serial: 1, refresh: 7200, retry: 1800, expire: 86400, minimum: TTL },
};

const answer = (rcode: Rcode, answers: Answer[] = [], additionals: Answer[] = []): DnsAnswer => ({
  rcode,
  answers,
  additionals,
  authorities: rcode === 'REFUSED' || answers.length ? [] : [soa],
});
const nxdomain = () => answer('NXDOMAIN');
const a = (name: string, ip: string): Answer => ({ type: 'A', name, ttl: TTL, class: 'IN', data: ip });
const dashed = (ip: string) => ip.replace(/\./g, '-');

/**
 * Answers a question about the cluster zone as CoreDNS's kubernetes plugin does, from the cache:
 * `svc.ns.svc.cluster.local` (ClusterIP; a headless service's ready endpoints; an ExternalName's
 * CNAME), `host.svc.ns.svc.cluster.local` (a headless service's endpoint by hostname or dashed IP),
 * `_port._proto.svc.ns.svc.cluster.local` SRV for named ports, `a-b-c-d.ns.pod.cluster.local`.
 * A name that does not exist is NXDOMAIN; an existing one without records of the type is NODATA.
 * Names outside the zone are REFUSED: this server does not forward.
 */
export function resolveClusterName(qname: string, qtype: string, state: ClusterState): DnsAnswer {
  const name = qname.toLowerCase().replace(/\.$/, '');
  if (name !== ZONE && !name.endsWith(`.${ZONE}`)) return answer('REFUSED');
  const labels = name === ZONE ? [] : name.slice(0, -ZONE.length - 1).split('.');
  const kind = labels.at(-1);
  const namespaceExists = (ns: string) => Boolean(state.get(objectStreamId({ group: '', resource: 'namespaces', name: ns })));

  if (labels.length === 0 || (labels.length === 1 && (kind === 'svc' || kind === 'pod'))) return answer('NOERROR');
  if (kind === 'pod') {
    const [host, ns] = labels;
    if (labels.length !== 3 || !namespaceExists(ns) || !/^\d+-\d+-\d+-\d+$/.test(host)) return nxdomain();
    return answer('NOERROR', qtype === 'A' ? [a(name, host.replace(/-/g, '.'))] : []);
  }
  if (kind !== 'svc') return nxdomain();
  const ns = labels.at(-2)!;
  if (labels.length === 2) return namespaceExists(ns) ? answer('NOERROR') : nxdomain();

  if (labels.length === 3) {
    const service = serviceNamed(state, ns, labels[0]);
    if (!service) return nxdomain();
    return serviceRecords(name, qtype, service, state);
  }
  if (labels.length === 4) {
    const service = serviceNamed(state, ns, labels[1]);
    if (!service || !isHeadless(service)) return nxdomain();
    const endpoints = readyEndpoints(state, service).filter(({ endpoint }) => endpointHost(endpoint) === labels[0]);
    if (!endpoints.length) return nxdomain();
    return answer('NOERROR', qtype === 'A' ? endpoints.map(({ endpoint }) => a(name, endpoint.addresses[0])) : []);
  }
  if (labels.length === 5 && labels[0].startsWith('_') && labels[1].startsWith('_')) {
    const service = serviceNamed(state, ns, labels[2]);
    if (!service) return nxdomain();
    const [portName, protocol] = [labels[0].slice(1), labels[1].slice(1)];
    return srvRecords(name, qtype, service, state, (p) => p.name === portName && p.protocol.toLowerCase() === protocol);
  }
  return nxdomain();
}

function serviceRecords(name: string, qtype: string, service: Service, state: ClusterState): DnsAnswer {
  if (service.spec?.type === 'ExternalName') {
    const target = service.spec.externalName ?? '';
    return answer('NOERROR', [{ type: 'CNAME', name, ttl: TTL, class: 'IN', data: target.replace(/\.$/, '') }]);
  }
  if (qtype === 'SRV') return srvRecords(name, qtype, service, state, () => true);
  if (qtype !== 'A') return answer('NOERROR');
  if (isHeadless(service)) {
    const ips = [...new Set(readyEndpoints(state, service).map(({ endpoint }) => endpoint.addresses[0]))];
    return answer('NOERROR', ips.map((ip) => a(name, ip)));
  }
  const ips = (service.spec?.clusterIPs ?? [service.spec?.clusterIP]).filter((ip): ip is string => Boolean(ip && /^\d+\.\d+\.\d+\.\d+$/.test(ip)));
  return answer('NOERROR', ips.map((ip) => a(name, ip)));
}

function srvRecords(name: string, qtype: string, service: Service, state: ClusterState, wanted: (p: { name: string; protocol: string }) => boolean): DnsAnswer {
  const fqdn = `${service.metadata.name}.${service.metadata.namespace}.svc.${ZONE}`;
  const targets: { port: number; target: string; ip?: string }[] = [];
  if (isHeadless(service)) {
    for (const { endpoint, ports } of readyEndpoints(state, service)) {
      for (const p of ports.filter((p) => p.name && wanted({ name: p.name, protocol: p.protocol }))) {
        targets.push({ port: p.port, target: `${endpointHost(endpoint)}.${fqdn}`, ip: endpoint.addresses[0] });
      }
    }
  } else {
    for (const p of service.spec?.ports ?? []) {
      if (p.name && wanted({ name: p.name, protocol: p.protocol ?? 'TCP' })) targets.push({ port: p.port, target: fqdn, ip: service.spec?.clusterIP });
    }
  }
  if (!targets.length && name !== fqdn) return nxdomain();
  if (qtype !== 'SRV') return answer('NOERROR');
  // CoreDNS spreads weight evenly over the records of one answer.
  const weight = Math.max(1, Math.floor(100 / Math.max(1, targets.length)));
  const answers: Answer[] = targets.map((t) => ({ type: 'SRV', name, ttl: TTL, class: 'IN', data: { priority: 0, weight, port: t.port, target: t.target } }));
  const additionals = [...new Map(targets.filter((t) => t.ip && t.ip !== 'None').map((t) => [t.target, a(t.target, t.ip!)])).values()];
  return answer('NOERROR', answers, additionals);
}

function serviceNamed(state: ClusterState, namespace: string, name: string): Service | undefined {
  return state.get(objectStreamId({ group: '', resource: 'services', namespace, name }))?.object as Service | undefined;
}

/** Ready endpoints of a service from its EndpointSlices, as CoreDNS reads them. */
function readyEndpoints(state: ClusterState, service: Service): { endpoint: Endpoint; ports: { name: string; port: number; protocol: string }[] }[] {
  return state
    .list({ group: 'discovery.k8s.io', resource: 'endpointslices', namespace: service.metadata.namespace })
    .map((s) => s.object as EndpointSlice)
    .filter((s) => s.metadata.labels?.[SERVICE_NAME_LABEL] === service.metadata.name && s.metadata.labels?.[MANAGED_BY_LABEL] === CONTROLLER_NAME)
    .flatMap((s) => (s.endpoints ?? []).filter((e) => e.conditions.ready).map((endpoint) => ({ endpoint, ports: s.ports ?? [] })));
}

/** An endpoint's DNS label: its hostname, else its IP with dashes (CoreDNS `endpointHostname`). */
const endpointHost = (endpoint: Endpoint) => (endpoint.hostname ?? dashed(endpoint.addresses[0])).toLowerCase();
