import type { KubeObject } from '@kronicle/contracts';
import { ageColumn, column, nameColumn } from '../columns';
import type { Printer } from '../printer';
import { swaggerDocs } from '../swagger-docs';
import { since } from '../timestamp';
import { listWithMore } from './list-with-more';

interface EndpointSlice extends KubeObject {
  addressType?: string;
  ports?: { port?: number | null; name?: string | null }[];
  endpoints?: { addresses?: string[] }[];
}

const docs = swaggerDocs.EndpointSlice;

export const endpointSlicePrinter: Printer = {
  columns: [nameColumn, column('AddressType', 'string', docs.addressType), column('Ports', 'string', docs.ports), column('Endpoints', 'string', docs.endpoints), ageColumn],
  cells(object, now) {
    const slice = object as EndpointSlice;
    // A port without number is named, or "*" for all ports.
    const ports = (slice.ports ?? []).map((p) => (p.port !== undefined && p.port !== null ? `${p.port}` : (p.name ?? '*')));
    const addresses = (slice.endpoints ?? []).flatMap((e) => e.addresses ?? []);
    return [
      slice.metadata.name ?? '',
      slice.addressType ?? '',
      listWithMore(ports) || '<unset>',
      listWithMore(addresses) || '<unset>',
      since(slice.metadata.creationTimestamp, now),
    ];
  },
};
