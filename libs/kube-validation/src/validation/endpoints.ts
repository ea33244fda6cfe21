import { isIP } from 'node:net';
import { type FieldCause, child, index, invalid, notSupported, required, tooMany } from '../field-error';
import { type Json, dns1123Label, dns1123Subdomain, immutable } from './common';
import { isValidPortNum } from './names';

const protocols = ['SCTP', 'TCP', 'UDP'];
const addressTypes = ['FQDN', 'IPv4', 'IPv6'];

function validatePort(port: Json, path: string, nameRequired = false): FieldCause[] {
  const causes: FieldCause[] = [];
  if (port.name) causes.push(...dns1123Label(port.name, child(path, 'name')));
  else if (nameRequired) causes.push(required(child(path, 'name')));
  if (port.port != null) causes.push(...isValidPortNum(port.port).map((m) => invalid(child(path, 'port'), port.port, m)));
  if (!port.protocol) causes.push(required(child(path, 'protocol')));
  else if (!protocols.includes(port.protocol)) causes.push(notSupported(child(path, 'protocol'), port.protocol, protocols));
  return causes;
}

/** Upstream discovery `ValidateEndpointSlice`. */
export function validateEndpointSlice(slice: Json): FieldCause[] {
  const causes: FieldCause[] = [];
  const type = slice.addressType;
  if (!type) causes.push(required('addressType'));
  else if (!addressTypes.includes(type)) causes.push(notSupported('addressType', type, addressTypes));
  const endpoints: Json[] = slice.endpoints ?? [];
  if (endpoints.length > 1000) causes.push(tooMany('endpoints', endpoints.length, 1000));
  endpoints.forEach((endpoint, i) => {
    const path = child(index('endpoints', i), 'addresses');
    const addresses: string[] = endpoint.addresses ?? [];
    if (addresses.length === 0) causes.push(required(path, 'must contain at least 1 address'));
    else if (addresses.length > 100) causes.push(tooMany(path, addresses.length, 100));
    addresses.forEach((address, j) => {
      const p = index(path, j);
      if (type === 'IPv4' && isIP(address) !== 4) causes.push(invalid(p, address, 'must be a valid IPv4 address'));
      else if (type === 'IPv6' && isIP(address) !== 6) causes.push(invalid(p, address, 'must be a valid IPv6 address'));
      else if (type === 'FQDN') causes.push(...dns1123Subdomain(address, p));
    });
  });
  const ports: Json[] = slice.ports ?? [];
  if (ports.length > 20000) causes.push(tooMany('ports', ports.length, 20000));
  ports.forEach((port, i) => causes.push(...validatePort(port, index('ports', i))));
  return causes;
}

export function validateEndpointSliceUpdate(slice: Json, old: Json): FieldCause[] {
  return [...validateEndpointSlice(slice), ...immutable(slice.addressType, old.addressType, 'addressType', slice.addressType)];
}

/** Upstream core `ValidateEndpoints`: addresses are IPs, ports are named when there are several. */
export function validateEndpoints(endpoints: Json): FieldCause[] {
  const causes: FieldCause[] = [];
  ((endpoints.subsets ?? []) as Json[]).forEach((subset, i) => {
    const path = index('subsets', i);
    for (const list of ['addresses', 'notReadyAddresses'])
      ((subset[list] ?? []) as Json[]).forEach((address, j) => {
        if (!isIP(address.ip ?? ''))
          causes.push(invalid(child(index(child(path, list), j), 'ip'), address.ip ?? '', 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
      });
    const ports: Json[] = subset.ports ?? [];
    ports.forEach((port, j) => causes.push(...validatePort(port, index(child(path, 'ports'), j), ports.length > 1)));
  });
  return causes;
}
