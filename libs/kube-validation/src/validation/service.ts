import { isIP } from 'node:net';
import { type FieldCause, child, duplicate, forbidden, index, invalid, notSupported, required } from '../field-error';
import { GoText, goQuote, goStringSlice } from '../go-value';
import { type Json, dns1123Label, dns1123Subdomain, oneOf } from './common';
import { validateLabels } from './labels';
import { isValidPortName, isValidPortNum } from './names';

const spec = 'spec';
const protocols = ['SCTP', 'TCP', 'UDP'];
const serviceTypes = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const NODE_PORT_RANGE = { min: 30000, max: 32767 };
const KUBELET_PORT = 10250;

const isHeadless = (s: Json) => s.clusterIP === 'None';
const externallyAccessible = (s: Json) =>
  s.type === 'LoadBalancer' || s.type === 'NodePort' || (s.type === 'ClusterIP' && (s.externalIPs ?? []).length > 0);

/** Upstream `ValidateService` (the API's allocators' node port range check included). */
export function validateService(svc: Json): FieldCause[] {
  const s = svc.spec ?? {};
  const ports: Json[] = s.ports ?? [];
  const causes: FieldCause[] = [];
  if (ports.length === 0 && !isHeadless(s) && s.type !== 'ExternalName') causes.push(required(child(spec, 'ports')));
  causes.push(...validateTypeSpecifics(s));
  const names = new Set<string>();
  ports.forEach((port, i) => causes.push(...validateServicePort(port, ports.length > 1, names, index(child(spec, 'ports'), i))));
  if (s.selector) causes.push(...validateLabels(s.selector, child(spec, 'selector')));
  causes.push(...oneOf(s.sessionAffinity, ['ClientIP', 'None'], child(spec, 'sessionAffinity')));
  causes.push(...oneOf(s.type, serviceTypes, child(spec, 'type')));
  causes.push(...validateNodePorts(s, ports));
  causes.push(...validateDuplicatePorts(ports));
  causes.push(...validateTrafficPolicies(s));
  causes.push(...validateClusterIPs(s));
  return causes;
}

function validateTypeSpecifics(s: Json): FieldCause[] {
  const causes: FieldCause[] = [];
  const firstIP = index(child(spec, 'clusterIPs'), 0);
  if (s.type === 'LoadBalancer') {
    if (isHeadless(s)) causes.push(invalid(firstIP, 'None', "may not be set to 'None' for LoadBalancer services"));
    (s.ports ?? []).forEach((p: Json, i: number) => {
      if (p.port === KUBELET_PORT)
        causes.push(invalid(index(child(spec, 'ports'), i), p.port, `may not expose port ${KUBELET_PORT} externally since it is used by kubelet`));
    });
  } else if (s.type === 'NodePort') {
    if (isHeadless(s)) causes.push(invalid(firstIP, 'None', "may not be set to 'None' for NodePort services"));
  } else if (s.type === 'ExternalName') {
    if ((s.clusterIPs ?? []).length > 0 || s.clusterIP) causes.push(forbidden(child(spec, 'clusterIPs'), 'may not be set for ExternalName services'));
    if ((s.ipFamilies ?? []).length > 0) causes.push(forbidden(child(spec, 'ipFamilies'), 'may not be set for ExternalName services'));
    if (s.ipFamilyPolicy != null) causes.push(forbidden(child(spec, 'ipFamilyPolicy'), 'may not be set for ExternalName services'));
    // A trailing dot marks the CNAME as fully qualified.
    const cname = String(s.externalName ?? '').replace(/\.$/, '');
    if (cname) causes.push(...dns1123Subdomain(cname, child(spec, 'externalName')));
    else causes.push(required(child(spec, 'externalName')));
  }
  return causes;
}

function validateServicePort(port: Json, requireName: boolean, names: Set<string>, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  if (requireName && !port.name) causes.push(required(child(path, 'name')));
  else if (port.name) {
    causes.push(...dns1123Label(port.name, child(path, 'name')));
    if (names.has(port.name)) causes.push(duplicate(child(path, 'name'), port.name));
    else names.add(port.name);
  }
  causes.push(...isValidPortNum(port.port ?? 0).map((m) => invalid(child(path, 'port'), port.port ?? 0, m)));
  if (!port.protocol) causes.push(required(child(path, 'protocol')));
  else if (!protocols.includes(port.protocol)) causes.push(notSupported(child(path, 'protocol'), port.protocol, protocols));
  const target = port.targetPort;
  if (typeof target === 'string') causes.push(...isValidPortName(target).map((m) => invalid(child(path, 'targetPort'), target, m)));
  else causes.push(...isValidPortNum(target ?? 0).map((m) => invalid(child(path, 'targetPort'), target ?? 0, m)));
  return causes;
}

function validateNodePorts(s: Json, ports: Json[]): FieldCause[] {
  const causes: FieldCause[] = [];
  const seen = new Set<string>();
  ports.forEach((port, i) => {
    const path = child(index(child(spec, 'ports'), i), 'nodePort');
    if (!port.nodePort) return;
    if (s.type === 'ClusterIP') causes.push(forbidden(path, "may not be used when `type` is 'ClusterIP'"));
    else if (port.nodePort < NODE_PORT_RANGE.min || port.nodePort > NODE_PORT_RANGE.max)
      causes.push(
        invalid(path, port.nodePort, `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_RANGE.min}-${NODE_PORT_RANGE.max}`),
      );
    const key = `${port.protocol}/${port.nodePort}`;
    if (seen.has(key)) causes.push(duplicate(path, port.nodePort));
    seen.add(key);
  });
  return causes;
}

/** `%#v` of the `core.ServicePort{Protocol, Port}` key upstream reports duplicates with. */
function goServicePortKey(port: Json): GoText {
  return new GoText(
    `core.ServicePort{Name:"", Protocol:${goQuote(String(port.protocol ?? ''))}, AppProtocol:(*string)(nil), Port:${port.port ?? 0}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`,
  );
}

function validateDuplicatePorts(ports: Json[]): FieldCause[] {
  const seen = new Set<string>();
  return ports.flatMap((port, i) => {
    const key = `${port.protocol}/${port.port}`;
    const dup = seen.has(key);
    seen.add(key);
    return dup ? [duplicate(index(child(spec, 'ports'), i), goServicePortKey(port))] : [];
  });
}

function validateTrafficPolicies(s: Json): FieldCause[] {
  const causes: FieldCause[] = [];
  const external = child(spec, 'externalTrafficPolicy');
  if (!externallyAccessible(s)) {
    if (s.externalTrafficPolicy) causes.push(invalid(external, s.externalTrafficPolicy, 'may only be set for externally-accessible services'));
  } else causes.push(...oneOf(s.externalTrafficPolicy, ['Cluster', 'Local'], external));
  if (s.healthCheckNodePort && !(s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Local'))
    causes.push(invalid(child(spec, 'healthCheckNodePort'), s.healthCheckNodePort, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
  if (['NodePort', 'LoadBalancer', 'ClusterIP'].includes(s.type) || s.internalTrafficPolicy != null)
    causes.push(...oneOf(s.internalTrafficPolicy, ['Cluster', 'Local'], child(spec, 'internalTrafficPolicy')));
  return causes;
}

/** Upstream `ValidateServiceClusterIPsRelatedFields`; the API's defaulting has mirrored clusterIP into clusterIPs. */
function validateClusterIPs(s: Json): FieldCause[] {
  if (s.type === 'ExternalName') return [];
  const causes: FieldCause[] = [];
  const path = child(spec, 'clusterIPs');
  const ips: string[] = s.clusterIPs ?? [];
  if (s.clusterIP) {
    if (ips.length === 0) causes.push(required(path));
    else if (ips[0] !== s.clusterIP) causes.push(invalid(path, goStringSlice(ips), 'first value must match `clusterIP`'));
  } else if (ips.length > 0) causes.push(invalid(path, goStringSlice(ips), 'must be empty when `clusterIP` is not specified'));
  const families = new Set<string>();
  ((s.ipFamilies ?? []) as string[]).forEach((f, i) => {
    if (!['IPv4', 'IPv6'].includes(f)) causes.push(notSupported(index(child(spec, 'ipFamilies'), i), f, ['IPv4', 'IPv6']));
    if (families.has(f)) causes.push(duplicate(index(child(spec, 'ipFamilies'), i), f));
    families.add(f);
  });
  if (s.ipFamilyPolicy != null && !['PreferDualStack', 'RequireDualStack', 'SingleStack'].includes(s.ipFamilyPolicy))
    causes.push(notSupported(child(spec, 'ipFamilyPolicy'), s.ipFamilyPolicy, ['PreferDualStack', 'RequireDualStack', 'SingleStack']));
  ips.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (ips.length > 1) causes.push(invalid(path, goStringSlice(ips), "'None' must be the first and only value"));
      return;
    }
    if (!isIP(ip)) causes.push(invalid(index(path, i), ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
  });
  return causes;
}

/** Upstream `ValidateServiceUpdate`: the primary cluster IP may not change, except to or from ExternalName. */
export function validateServiceUpdate(svc: Json, old: Json): FieldCause[] {
  const s = svc.spec ?? {};
  const o = old.spec ?? {};
  const next: string[] = s.clusterIPs ?? [];
  const prev: string[] = o.clusterIPs ?? [];
  const externalName = s.type === 'ExternalName' || o.type === 'ExternalName';
  const causes =
    !externalName && prev.length > 0 && next.length > 0 && prev[0] !== next[0]
      ? [invalid(index(child(spec, 'clusterIPs'), 0), goStringSlice(next), 'may not change once set')]
      : [];
  return [...causes, ...validateService(svc)];
}
