import type { KubeObject } from '@kronicle/contracts';
import { ageColumn, column, nameColumn, wideColumn } from '../columns';
import { formatLabels } from '../labels';
import type { Printer } from '../printer';
import { swaggerDocs } from '../swagger-docs';
import { since } from '../timestamp';

interface Service extends KubeObject {
  spec?: {
    type?: string;
    clusterIP?: string;
    clusterIPs?: string[];
    externalIPs?: string[];
    externalName?: string;
    ports?: { port: number; nodePort?: number; protocol?: string }[];
    selector?: Record<string, string>;
  };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

const docs = swaggerDocs.ServiceSpec;

export const servicePrinter: Printer = {
  columns: [
    nameColumn,
    column('Type', 'string', docs.type),
    column('Cluster-IP', 'string', docs.clusterIP),
    column('External-IP', 'string', docs.externalIPs),
    column('Port(s)', 'string', docs.ports),
    ageColumn,
    wideColumn('Selector', 'string', docs.selector),
  ],
  cells(object, now) {
    const service = object as Service;
    const spec = service.spec ?? {};
    // clusterIPs is defaulted from clusterIP; read clusterIP when an object was stored before that.
    const clusterIP = spec.clusterIPs?.[0] ?? (spec.clusterIP || '<none>');
    return [
      service.metadata.name ?? '',
      spec.type ?? '',
      clusterIP,
      externalIP(service),
      ports(service) || '<none>',
      since(service.metadata.creationTimestamp, now),
      formatLabels(spec.selector),
    ];
  },
};

/**
 * Upstream's `loadBalancerStatusStringer` of a Service or an Ingress: each ingress point's IP, else its
 * hostname, sorted and without repeats. Server-side tables are printed wide, so it is never clipped here.
 */
export function loadBalancerAddresses(status: { ingress?: { ip?: string; hostname?: string }[] } | undefined): string[] {
  return [...new Set((status?.ingress ?? []).map((i) => i.ip || i.hostname || '').filter((a) => a))].sort();
}

function externalIP(service: Service): string {
  const externalIPs = service.spec?.externalIPs ?? [];
  switch (service.spec?.type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const all = [...loadBalancerAddresses(service.status?.loadBalancer), ...externalIPs];
      return all.length > 0 ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return service.spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** "80/TCP", "80:30080/TCP" with a node port. */
function ports(service: Service): string {
  return (service.spec?.ports ?? [])
    .map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`))
    .join(',');
}
