// The workload the faults hit: one Deployment of several hundred pods rolled from image to image,
// and what "converged" means for it, read through the API as a user would.
import type { KubeObject } from '@kronicle/contracts';
import type { Api } from './api';

export const NAMESPACE = 'faults';
export const DEPLOYMENT = 'web';

interface Pod extends KubeObject {
  spec: { nodeName?: string };
  status?: { phase?: string; conditions?: { type: string; status: string }[] };
}

export function deploymentManifest(replicas: number, image: string): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: DEPLOYMENT, namespace: NAMESPACE },
    spec: {
      replicas,
      selector: { matchLabels: { app: DEPLOYMENT } },
      template: {
        metadata: { labels: { app: DEPLOYMENT } },
        spec: {
          containers: [{ name: 'web', image }],
          // Pods on a node that went silent are evicted 2 s after it is tainted unreachable
          // (the default would be 300 s), so a partition ends in replacements within the suite.
          tolerations: [
            { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 2 },
            { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 2 },
          ],
        },
      },
    },
  };
}

export interface MeshSnapshot {
  /** Every unmet condition; empty when converged. */
  unmet: string[];
  pods: number;
  running: number;
  byNode: Record<string, number>;
  /** Pods of the current ReplicaSet that exist and are not being deleted. */
  updated: number;
}

/**
 * Converged: the Deployment observed its latest generation with `replicas` updated, ready and
 * available pods; exactly `replicas` pods exist in the namespace — none terminating, none of an
 * old ReplicaSet, each owned by the current ReplicaSet, bound, Running and Ready; the current
 * ReplicaSet wants and has `replicas`, every older one 0; every node is Ready and untainted.
 */
export async function snapshot(api: Api, replicas: number, image: string): Promise<MeshSnapshot> {
  const unmet: string[] = [];
  const deployment = await api.get<KubeObject & { spec: { replicas: number }; status?: Record<string, number> }>(`/apis/apps/v1/namespaces/${NAMESPACE}/deployments/${DEPLOYMENT}`);
  const status = deployment.status ?? {};
  if ((status.observedGeneration ?? 0) < (deployment.metadata.generation ?? 0)) unmet.push(`deployment observedGeneration ${status.observedGeneration} < ${deployment.metadata.generation}`);
  for (const field of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas'] as const) {
    if ((status[field] ?? 0) !== replicas) unmet.push(`deployment status.${field} ${status[field]} ≠ ${replicas}`);
  }
  const replicaSets = (await api.get<{ items: (KubeObject & { spec: { replicas?: number; template: { spec: { containers: { image: string }[] } } }; status?: { replicas?: number } })[] }>(`/apis/apps/v1/namespaces/${NAMESPACE}/replicasets`)).items;
  const current = replicaSets.filter((rs) => rs.spec.template.spec.containers[0]?.image === image);
  if (current.length !== 1) unmet.push(`${current.length} ReplicaSets for ${image}`);
  for (const rs of replicaSets) {
    const want = rs === current[0] ? replicas : 0;
    if ((rs.spec.replicas ?? 1) !== want || (rs.status?.replicas ?? 0) !== want) unmet.push(`ReplicaSet ${rs.metadata.name}: spec ${rs.spec.replicas} status ${rs.status?.replicas}, want ${want}`);
  }

  const pods = (await api.get<{ items: Pod[] }>(`/api/v1/namespaces/${NAMESPACE}/pods`)).items;
  const byOwner = new Map<string, number>();
  const byNode: Record<string, number> = {};
  let running = 0;
  let updated = 0;
  let terminating = 0;
  let unready = 0;
  for (const pod of pods) {
    const owner = pod.metadata.ownerReferences?.find((o) => o.controller)?.name ?? '(none)';
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + 1);
    if (pod.metadata.deletionTimestamp) terminating++;
    else if (owner === current[0]?.metadata.name) updated++;
    const node = pod.spec.nodeName ?? '(unbound)';
    byNode[node] = (byNode[node] ?? 0) + 1;
    const ready = pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
    if (pod.status?.phase === 'Running') running++;
    if (pod.status?.phase !== 'Running' || !ready || !pod.spec.nodeName) unready++;
  }
  if (pods.length !== replicas) unmet.push(`${pods.length} pods ≠ ${replicas} (${[...byOwner].map(([o, n]) => `${o}: ${n}`).join(', ')})`);
  if (current[0] && byOwner.get(current[0].metadata.name!) !== replicas) unmet.push(`${byOwner.get(current[0].metadata.name!) ?? 0} pods of the current ReplicaSet`);
  if (terminating > 0) unmet.push(`${terminating} pods terminating`);
  if (unready > 0) unmet.push(`${unready} pods not bound, Running and Ready`);

  const nodes = (await api.get<{ items: (KubeObject & { spec?: { taints?: unknown[] }; status?: { conditions?: { type: string; status: string }[] } })[] }>('/api/v1/nodes')).items;
  for (const node of nodes) {
    const ready = node.status?.conditions?.find((c) => c.type === 'Ready')?.status;
    if (ready !== 'True') unmet.push(`node ${node.metadata.name} Ready=${ready}`);
    if ((node.spec?.taints ?? []).length > 0) unmet.push(`node ${node.metadata.name} tainted`);
  }
  return { unmet, pods: pods.length, running, byNode, updated };
}
