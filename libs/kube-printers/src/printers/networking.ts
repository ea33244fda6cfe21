import type { KubeObject } from '@kronicle/contracts';
import { ageColumn, column, nameColumn } from '../columns';
import { formatLabelSelector, type LabelSelector } from '../labels';
import type { Printer } from '../printer';
import { since } from '../timestamp';
import { loadBalancerAddresses } from './service';

type Ingress = KubeObject & {
  spec?: { ingressClassName?: string; rules?: { host?: string }[]; tls?: unknown[] };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
};

/** Upstream `formatHosts`: up to three hosts, `*` when no rule names one, and how many rules more (counted as upstream does). */
function hosts(rules: { host?: string }[]): string {
  const shown: string[] = [];
  let more = false;
  for (const rule of rules) {
    if (shown.length === 3) more = true;
    if (!more && rule.host) shown.push(rule.host);
  }
  if (shown.length === 0) return '*';
  return more ? `${shown.join(',')} + ${rules.length - 3} more...` : shown.join(',');
}

export const ingressPrinter: Printer = {
  columns: [
    nameColumn,
    column('Class', 'string', 'The name of the IngressClass resource that should be used for additional configuration'),
    column('Hosts', 'string', 'Hosts that incoming requests are matched against before the ingress rule'),
    column('Address', 'string', 'Address is a list containing ingress points for the load-balancer'),
    column('Ports', 'string', 'Ports of TLS configurations that open'),
    ageColumn,
  ],
  cells(object, now) {
    const ingress = object as Ingress;
    const spec = ingress.spec ?? {};
    return [
      ingress.metadata.name ?? '',
      spec.ingressClassName ?? '<none>',
      hosts(spec.rules ?? []),
      loadBalancerAddresses(ingress.status?.loadBalancer).join(','),
      spec.tls?.length ? '80, 443' : '80',
      since(ingress.metadata.creationTimestamp, now),
    ];
  },
};

type IngressClass = KubeObject & { spec?: { controller?: string; parameters?: { apiGroup?: string; kind?: string; name?: string } } };

export const ingressClassPrinter: Printer = {
  columns: [
    nameColumn,
    column('Controller', 'string', 'Controller that is responsible for handling this class'),
    column('Parameters', 'string', 'A reference to a resource with additional parameters'),
    ageColumn,
  ],
  cells(object, now) {
    const ingressClass = object as IngressClass;
    const p = ingressClass.spec?.parameters;
    const parameters = p ? `${p.kind ?? ''}${p.apiGroup != null ? `.${p.apiGroup}` : ''}/${p.name ?? ''}` : '<none>';
    return [ingressClass.metadata.name ?? '', ingressClass.spec?.controller ?? '', parameters, since(ingressClass.metadata.creationTimestamp, now)];
  },
};

const POD_SELECTOR_DOC =
  'Selects the pods to which this NetworkPolicy object applies. The array of ingress rules is applied to any pods selected by this field. Multiple network policies can select the same set of pods. In this case, the ingress rules for each are combined additively. This field is NOT optional and follows standard label selector semantics. An empty podSelector matches all pods in this namespace.';

export const networkPolicyPrinter: Printer = {
  columns: [nameColumn, column('Pod-Selector', 'string', POD_SELECTOR_DOC), ageColumn],
  cells(object, now) {
    const policy = object as KubeObject & { spec?: { podSelector?: LabelSelector } };
    return [policy.metadata.name ?? '', formatLabelSelector(policy.spec?.podSelector ?? {}), since(policy.metadata.creationTimestamp, now)];
  },
};
