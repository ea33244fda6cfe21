import type { KubeObject } from '@kronicle/contracts';
import { ageColumn, column, nameColumn, wideColumn } from '../columns';
import type { Printer } from '../printer';
import { swaggerDocs } from '../swagger-docs';
import { since } from '../timestamp';

interface Node extends KubeObject {
  spec?: { unschedulable?: boolean };
  status?: {
    conditions?: { type: string; status: string }[];
    addresses?: { type: string; address: string }[];
    nodeInfo?: { kubeletVersion?: string; osImage?: string; kernelVersion?: string; containerRuntimeVersion?: string };
  };
}

const rolePrefix = 'node-role.kubernetes.io/';
const legacyRoleLabel = 'kubernetes.io/role';

export const nodePrinter: Printer = {
  columns: [
    nameColumn,
    column('Status', 'string', 'The status of the node'),
    column('Roles', 'string', 'The roles of the node'),
    ageColumn,
    column('Version', 'string', swaggerDocs.NodeSystemInfo.kubeletVersion),
    wideColumn('Internal-IP', 'string', swaggerDocs.NodeStatus.addresses),
    wideColumn('External-IP', 'string', swaggerDocs.NodeStatus.addresses),
    wideColumn('OS-Image', 'string', swaggerDocs.NodeSystemInfo.osImage),
    wideColumn('Kernel-Version', 'string', swaggerDocs.NodeSystemInfo.kernelVersion),
    wideColumn('Container-Runtime', 'string', swaggerDocs.NodeSystemInfo.containerRuntimeVersion),
  ],
  cells(object, now) {
    const node = object as Node;
    const info = node.status?.nodeInfo ?? {};
    return [
      node.metadata.name ?? '',
      nodeStatus(node),
      roles(node).join(',') || '<none>',
      since(node.metadata.creationTimestamp, now),
      info.kubeletVersion ?? '',
      address(node, 'InternalIP'),
      address(node, 'ExternalIP'),
      info.osImage || '<unknown>',
      info.kernelVersion || '<unknown>',
      info.containerRuntimeVersion || '<unknown>',
    ];
  },
};

function nodeStatus(node: Node): string {
  // The last Ready condition wins, as upstream indexes conditions by type.
  const ready = node.status?.conditions?.filter((c) => c.type === 'Ready').pop();
  const status = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

/** Roles from `node-role.kubernetes.io/<role>` label keys and the legacy `kubernetes.io/role=<role>` label. */
function roles(node: Node): string[] {
  const found = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata.labels ?? {})) {
    if (key.startsWith(rolePrefix) && key.length > rolePrefix.length) found.add(key.slice(rolePrefix.length));
    else if (key === legacyRoleLabel && value !== '') found.add(value);
  }
  return [...found].sort();
}

function address(node: Node, type: string): string {
  return node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';
}
