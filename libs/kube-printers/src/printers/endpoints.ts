import type { KubeObject } from '@kronicle/contracts';
import { ageColumn, column, nameColumn } from '../columns';
import type { Printer } from '../printer';
import { swaggerDocs } from '../swagger-docs';
import { since } from '../timestamp';
import { listWithMore } from './list-with-more';

interface Endpoints extends KubeObject {
  subsets?: { addresses?: { ip: string }[]; ports?: { port: number }[] }[];
}

export const endpointsPrinter: Printer = {
  columns: [nameColumn, column('Endpoints', 'string', swaggerDocs.Endpoints.subsets), ageColumn],
  cells(object, now) {
    const endpoints = object as Endpoints;
    return [endpoints.metadata.name ?? '', formatEndpoints(endpoints), since(endpoints.metadata.creationTimestamp, now)];
  },
};

/** `ip:port` for every port of every ready address, subset by subset; bare IPs for a headless service without ports. */
function formatEndpoints(endpoints: Endpoints): string {
  const subsets = endpoints.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list = subsets.flatMap(({ addresses = [], ports = [] }) =>
    ports.length === 0 ? addresses.map((a) => a.ip) : ports.flatMap((p) => addresses.map((a) => joinHostPort(a.ip, p.port))),
  );
  return listWithMore(list);
}

function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
