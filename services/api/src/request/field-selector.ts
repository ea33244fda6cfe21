import type { KubeObject } from '@kronicle/contracts';
import { errors } from '@kronicle/object-lifecycle';

/** Field selectors (`metadata.name=web,status.phase!=Running`): only the fields upstream indexes per resource. */
export interface FieldRequirement {
  field: string;
  equals: boolean;
  value: string;
}

const commonFields = ['metadata.name', 'metadata.namespace'];

/** Per resource, the extra fields upstream's registries accept (pkg/registry/<group>/<resource>/strategy.go). */
const resourceFields: Record<string, string[]> = {
  pods: ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.nominatedNodeName'],
  nodes: ['spec.unschedulable'],
  events: ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type'],
  secrets: ['type'],
  namespaces: ['status.phase'],
  persistentvolumeclaims: ['spec.volumeName'],
  replicasets: ['status.replicas'],
  jobs: ['status.successful'],
  services: ['spec.clusterIP', 'spec.type'],
};

export function parseFieldSelector(selector: string | null | undefined, resource: string): FieldRequirement[] {
  if (!selector?.trim()) return [];
  const allowed = new Set([...commonFields, ...(resourceFields[resource] ?? [])]);
  return selector.split(',').map((term) => {
    const match = term.trim().match(/^([^!=]+?)\s*(==|=|!=)\s*(.*)$/);
    if (!match) throw errors.badRequest(`invalid selector: '${selector}'; can't understand '${term}'`);
    const [, field, op, value] = match;
    if (!allowed.has(field)) throw errors.badRequest(`field label not supported: ${field}`);
    return { field, equals: op !== '!=', value };
  });
}

export function matchesFields(requirements: FieldRequirement[], object: KubeObject): boolean {
  return requirements.every(({ field, equals, value }) => (fieldValue(object, field) === value) === equals);
}

function fieldValue(object: KubeObject, path: string): string {
  if (path === 'source') return String((object as { source?: { component?: string } }).source?.component ?? '');
  let value: unknown = object;
  for (const key of path.split('.')) value = (value as Record<string, unknown> | undefined)?.[key];
  if (value === undefined || value === null) return path === 'spec.unschedulable' || path === 'spec.hostNetwork' ? 'false' : '';
  return String(value);
}
