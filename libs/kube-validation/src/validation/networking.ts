import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { type FieldCause, child, forbidden, index, invalid, notSupported, required, tooLong } from '../field-error';
import { GoText, goQuote } from '../go-value';
import { type Json, dns1123Label, dns1123Subdomain, invalidEach } from './common';
import { validateLabelSelector } from './labels';
import { dns1123SubdomainRegexp, isDNS1035Label, isDNS1123Subdomain, isValidPortName, isValidPortNum, maxLenError, nameIsPathSegment, regexError } from './names';

/** Upstream `IsWildcardDNS1123Subdomain`. */
function isWildcardDNS1123Subdomain(value: string): string[] {
  const errs = Buffer.byteLength(value) > 253 ? [maxLenError(253)] : [];
  if (!(value.startsWith('*.') && dns1123SubdomainRegexp.test(value.slice(2))))
    errs.push(
      regexError(
        "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character",
        '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*',
        '*.example.com',
      ),
    );
  return errs;
}

const hostMessages = (host: string) => (host.includes('*') ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host));

/** Upstream `validateIngressBackend`: a Service (a DNS-1035 name and a port name or number) or a typed resource, not both. */
function validateIngressBackend(backend: Json, path: string): FieldCause[] {
  if (backend.resource && backend.service) return [invalid(path, '', 'cannot set both resource and service backends')];
  if (backend.resource) return validateTypedReference(backend.resource, child(path, 'resource'));
  if (!backend.service) return [invalid(path, '', 'resource or service backend is required')];
  const causes: FieldCause[] = [];
  const name: string = backend.service.name ?? '';
  if (!name) causes.push(required(child(path, 'service.name')));
  else causes.push(...invalidEach(child(path, 'service.name'), name, isDNS1035Label(name)));
  const port = backend.service.port ?? {};
  const [portName, portNumber]: [string, number] = [port.name ?? '', port.number ?? 0];
  if (portName && portNumber) causes.push(invalid(path, '', 'cannot set both port name & port number'));
  else if (portName) causes.push(...invalidEach(child(path, 'service.port.name'), portName, isValidPortName(portName)));
  else if (portNumber) causes.push(...isValidPortNum(portNumber).map((m) => invalid(child(path, 'service.port.number'), portNumber, m)));
  else causes.push(required(path, 'port name or number is required'));
  return causes;
}

/** Upstream `validateIngressTypedLocalObjectReference`. */
function validateTypedReference(ref: Json, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  if (ref.apiGroup != null) causes.push(...dns1123Subdomain(ref.apiGroup, child(path, 'apiGroup')));
  for (const field of ['kind', 'name']) {
    if (!ref[field]) causes.push(required(child(path, field)));
    else causes.push(...invalidEach(child(path, field), ref[field], nameIsPathSegment(ref[field], false)));
  }
  return causes;
}

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];

/** Upstream `validateHTTPIngressPath`. */
function validateIngressPath(httpPath: Json, path: string): FieldCause[] {
  const p: string = httpPath.path ?? '';
  if (httpPath.pathType == null) return [required(child(path, 'pathType'), 'pathType must be specified')];
  const causes: FieldCause[] = [];
  switch (httpPath.pathType) {
    case 'Exact':
    case 'Prefix':
      if (!p.startsWith('/')) causes.push(invalid(child(path, 'path'), p, 'must be an absolute path'));
      for (const sequence of ['//', '/./', '/../', '%2f', '%2F']) if (p.includes(sequence)) causes.push(invalid(child(path, 'path'), p, `must not contain '${sequence}'`));
      for (const suffix of ['/..', '/.']) if (p.endsWith(suffix)) causes.push(invalid(child(path, 'path'), p, `cannot end with '${suffix}'`));
      break;
    case 'ImplementationSpecific':
      if (p && !p.startsWith('/')) causes.push(invalid(child(path, 'path'), p, 'must be an absolute path'));
      break;
    default:
      causes.push(notSupported(child(path, 'pathType'), httpPath.pathType, PATH_TYPES));
  }
  return [...causes, ...validateIngressBackend(httpPath.backend ?? {}, child(path, 'backend'))];
}

/** Upstream `validateIngressRules`: DNS names (a leading `*.` allowed), not IPs, and HTTP paths. */
function validateIngressRules(rules: Json[]): FieldCause[] {
  return rules.flatMap((rule, i) => {
    const path = index('spec.rules', i);
    const causes: FieldCause[] = [];
    const host: string = rule.host ?? '';
    if (host) {
      if (isIP(host)) causes.push(invalid(child(path, 'host'), host, 'must be a DNS name, not an IP address'));
      causes.push(...invalidEach(child(path, 'host'), host, hostMessages(host)));
    }
    if (rule.http) {
      const paths: Json[] = rule.http.paths ?? [];
      if (paths.length === 0) causes.push(required(child(path, 'http.paths')));
      paths.forEach((p, j) => causes.push(...validateIngressPath(p, index(child(path, 'http.paths'), j))));
    }
    return causes;
  });
}

/** `%#v` of the `[]networking.IngressRule` upstream names in the "rules" error: nil, or empty when sent as `[]`. */
const noRules = (rules: unknown) => new GoText(rules === undefined || rules === null ? '[]networking.IngressRule(nil)' : '[]networking.IngressRule{}');

/** Upstream `ValidateIngressSpec` (and on create the `kubernetes.io/ingress.class` annotation check). */
function validateIngressSpec(ingress: Json): FieldCause[] {
  const spec = ingress.spec ?? {};
  const rules: Json[] = spec.rules ?? [];
  const causes: FieldCause[] = [];
  if (rules.length === 0 && !spec.defaultBackend) causes.push(invalid('spec', noRules(spec.rules), 'either `defaultBackend` or `rules` must be specified'));
  if (spec.defaultBackend) causes.push(...validateIngressBackend(spec.defaultBackend, 'spec.defaultBackend'));
  causes.push(...validateIngressRules(rules));
  ((spec.tls ?? []) as Json[]).forEach((tls, i) => {
    ((tls.hosts ?? []) as string[]).forEach((host, j) => causes.push(...invalidEach(index(child(index('spec.tls', i), 'hosts'), j), host, hostMessages(host))));
    if (tls.secretName) causes.push(...dns1123Subdomain(tls.secretName, child(index('spec.tls', i), 'secretName')));
  });
  if (spec.ingressClassName != null) causes.push(...dns1123Subdomain(spec.ingressClassName, 'spec.ingressClassName'));
  return causes;
}

export function validateIngress(ingress: Json): FieldCause[] {
  const causes = validateIngressSpec(ingress);
  const annotation = ingress.metadata?.annotations?.['kubernetes.io/ingress.class'];
  const className = ingress.spec?.ingressClassName;
  if (annotation !== undefined && className != null && annotation !== className) causes.push(invalid('annotations.kubernetes.io/ingress.class', annotation, 'must match `ingressClassName` when both are specified'));
  return causes;
}

export function validateIngressUpdate(ingress: Json): FieldCause[] {
  return validateIngressSpec(ingress);
}

/** Upstream `IsDomainPrefixedPath`, for an IngressClass's controller. */
function domainPrefixedPath(value: string, path: string): FieldCause[] {
  const slash = value.indexOf('/');
  const [host, rest] = slash < 0 ? [value, ''] : [value.slice(0, slash), value.slice(slash + 1)];
  if (!host || !rest) return [invalid(path, value, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  const causes = dns1123Subdomain(host, path);
  const fmt = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";
  if (!new RegExp(`^${fmt}$`).test(rest)) causes.push(invalid(path, rest, regexError('Invalid path', fmt)));
  return causes;
}

/** Upstream `ValidateIngressClass`: a controller, and parameters scoped as they say. */
export function validateIngressClass(ingressClass: Json): FieldCause[] {
  const spec = ingressClass.spec ?? {};
  const causes: FieldCause[] = [];
  const controller: string = spec.controller ?? '';
  if (!controller) causes.push(required('spec.controller'));
  else {
    if (Buffer.byteLength(controller) > 250) causes.push(tooLong('spec.controller', 250));
    causes.push(...domainPrefixedPath(controller, 'spec.controller'));
  }
  const params = spec.parameters;
  if (!params) return causes;
  causes.push(...validateTypedReference(params, 'spec.parameters'));
  if (params.scope == null) return [...causes, required('spec.parameters.scope')];
  if (params.scope !== 'Cluster' && params.scope !== 'Namespace') causes.push(notSupported('spec.parameters.scope', params.scope, ['Cluster', 'Namespace']));
  else if (params.scope === 'Namespace') {
    if (params.namespace == null) causes.push(required('spec.parameters.namespace', "`parameters.scope` is set to 'Namespace'"));
    else causes.push(...dns1123Label(params.namespace, 'spec.parameters.namespace'));
  } else if (params.namespace != null) causes.push(forbidden('spec.parameters.namespace', "`parameters.scope` is set to 'Cluster'"));
  return causes;
}

export function validateIngressClassUpdate(ingressClass: Json, old: Json): FieldCause[] {
  const [controller, before] = [ingressClass.spec?.controller ?? '', old.spec?.controller ?? ''];
  const immutable = controller === before ? [] : [invalid('spec.controller', controller, 'field is immutable')];
  return [...immutable, ...validateIngressClass(ingressClass)];
}

/** Upstream `ValidateNetworkPolicyPort`. */
function validatePolicyPort(port: Json, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  if (port.protocol != null && !['TCP', 'UDP', 'SCTP'].includes(port.protocol)) causes.push(notSupported(child(path, 'protocol'), port.protocol, ['TCP', 'UDP', 'SCTP']));
  if (port.port == null) {
    if (port.endPort != null) causes.push(invalid(child(path, 'endPort'), port.endPort, 'may not be specified when `port` is not specified'));
  } else if (typeof port.port === 'number') {
    causes.push(...isValidPortNum(port.port).map((m) => invalid(child(path, 'port'), port.port, m)));
    if (port.endPort != null) {
      if (port.endPort < port.port) causes.push(invalid(child(path, 'endPort'), port.endPort, 'must be greater than or equal to `port`'));
      causes.push(...isValidPortNum(port.endPort).map((m) => invalid(child(path, 'endPort'), port.endPort, m)));
    }
  } else {
    if (port.endPort != null) causes.push(invalid(child(path, 'endPort'), port.endPort, 'may not be specified when `port` is non-numeric'));
    causes.push(...invalidEach(child(path, 'port'), port.port, isValidPortName(port.port)));
  }
  return causes;
}

const parseCidr = (cidr: string) => {
  try {
    return ipaddr.parseCIDR(cidr);
  } catch {
    return undefined;
  }
};

/** Upstream 1.32 `ValidateIPBlock`: a CIDR, and exceptions strictly inside it. */
function validateIpBlock(block: Json, path: string): FieldCause[] {
  if (!block.cidr) return [required(child(path, 'cidr'))];
  const cidr = parseCidr(block.cidr);
  if (!cidr) return [invalid(child(path, 'cidr'), block.cidr, 'not a valid CIDR')];
  const causes: FieldCause[] = [];
  for (const [i, except] of ((block.except ?? []) as string[]).entries()) {
    const exceptPath = index(child(path, 'except'), i);
    const inner = parseCidr(except);
    if (!inner) return [...causes, invalid(exceptPath, except, 'not a valid CIDR')];
    const inside = inner[0].kind() === cidr[0].kind() && inner[0].match(cidr) && cidr[1] < inner[1];
    if (!inside) causes.push(invalid(exceptPath, except, 'must be a strict subset of `cidr`'));
  }
  return causes;
}

/** Upstream `ValidateNetworkPolicyPeer`: one of a pod selector and a namespace selector, or an IP block alone. */
function validatePeer(peer: Json, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  if (peer.podSelector) causes.push(...validateLabelSelector(peer.podSelector, child(path, 'podSelector')));
  if (peer.namespaceSelector) causes.push(...validateLabelSelector(peer.namespaceSelector, child(path, 'namespaceSelector')));
  if (peer.ipBlock) causes.push(...validateIpBlock(peer.ipBlock, child(path, 'ipBlock')));
  const peers = ['podSelector', 'namespaceSelector', 'ipBlock'].filter((k) => peer[k]).length;
  if (peers === 0) causes.push(required(path, 'must specify a peer'));
  else if (peers > 1 && peer.ipBlock) causes.push(forbidden(path, 'may not specify both ipBlock and another peer'));
  return causes;
}

/** Upstream `ValidateNetworkPolicySpec`. */
export function validateNetworkPolicy(policy: Json): FieldCause[] {
  const spec = policy.spec ?? {};
  const causes = validateLabelSelector(spec.podSelector ?? {}, 'spec.podSelector');
  for (const [direction, peers] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const) {
    ((spec[direction] ?? []) as Json[]).forEach((rule, i) => {
      const path = index(`spec.${direction}`, i);
      ((rule.ports ?? []) as Json[]).forEach((port, j) => causes.push(...validatePolicyPort(port, index(child(path, 'ports'), j))));
      ((rule[peers] ?? []) as Json[]).forEach((peer, j) => causes.push(...validatePeer(peer, index(child(path, peers), j))));
    });
  }
  const types: string[] = spec.policyTypes ?? [];
  if (types.length > 2) return [...causes, invalid('spec.policyTypes', new GoText(`[]networking.PolicyType{${types.map(goQuote).join(', ')}}`), 'may not specify more than two policyTypes')];
  types.forEach((type, i) => {
    if (type !== 'Ingress' && type !== 'Egress') causes.push(notSupported(index('spec.policyTypes', i), type, ['Ingress', 'Egress']));
  });
  return causes;
}
