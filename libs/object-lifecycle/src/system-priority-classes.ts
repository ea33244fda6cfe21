import type { KubeObject } from '@kronicle/contracts';

/**
 * Upstream's built-in classes (pkg/apis/scheduling SystemPriorityClasses): the API creates them as
 * it starts (upstream's post-start hook), so pods may name them from the first request, and refuses
 * to delete them.
 */
export const systemPriorityClasses: KubeObject[] = [
  {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: 'system-node-critical' },
    value: 2000001000,
    description: 'Used for system critical pods that must not be moved from their current node.',
  },
  {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: 'system-cluster-critical' },
    value: 2000000000,
    description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
  },
];

export const isSystemPriorityClass = (name: string) => systemPriorityClasses.some((pc) => pc.metadata.name === name);
