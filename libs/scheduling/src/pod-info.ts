import type { KubeObject } from '@kronicle/contracts';
import { addResources, maxResources, resourceList } from './resources';
import type { HostPort, NodeSelectorTerm, PodAffinityTerm, PodInfo, Resources, Toleration, TopologySpreadConstraint } from './types';

interface Container {
  resources?: { requests?: Record<string, string> };
  ports?: { hostPort?: number; hostIP?: string; protocol?: string }[];
  restartPolicy?: string;
}

interface PodSpec {
  nodeName?: string;
  priority?: number;
  priorityClassName?: string;
  containers?: Container[];
  initContainers?: Container[];
  overhead?: Record<string, string>;
  tolerations?: Toleration[];
  nodeSelector?: Record<string, string>;
  affinity?: {
    nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] } };
    podAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[] };
    podAntiAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[] };
  };
  topologySpreadConstraints?: TopologySpreadConstraint[];
}

/** Upstream's schedutil.DefaultMilliCPURequest and DefaultMemoryRequest, used only for scoring. */
const DEFAULT_MILLI_CPU = 100;
const DEFAULT_MEMORY = 200 * 1024 * 1024;

/**
 * The scheduler's view of a pod. Priority is the pod's `spec.priority` (set by the API's Priority
 * admission) or else its class's value as `priorityOf` finds it.
 */
export function podInfo(pod: KubeObject, priorityOf: (className: string | undefined) => number = () => 0): PodInfo {
  const spec = (pod.spec ?? {}) as PodSpec;
  const namespace = pod.metadata.namespace ?? 'default';
  const name = pod.metadata.name ?? '';
  const containers = spec.containers ?? [];
  const requests = podRequests(spec);
  const nonZeroRequests = { ...requests, cpu: nonZero(containers, 'cpu', DEFAULT_MILLI_CPU), memory: nonZero(containers, 'memory', DEFAULT_MEMORY) };
  return {
    key: `${namespace}/${name}`,
    namespace,
    name,
    labels: pod.metadata.labels ?? {},
    nodeName: spec.nodeName || undefined,
    priority: spec.priority ?? priorityOf(spec.priorityClassName),
    requests,
    nonZeroRequests,
    hostPorts: hostPorts([...containers, ...(spec.initContainers ?? [])]),
    tolerations: spec.tolerations ?? [],
    nodeSelector: spec.nodeSelector ?? {},
    requiredNodeAffinity: spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms,
    requiredAffinity: spec.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [],
    requiredAntiAffinity: spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [],
    topologySpread: spec.topologySpreadConstraints ?? [],
    object: pod,
  };
}

/** Upstream resource.PodRequests: containers summed, then at least each init container, then overhead. */
function podRequests(spec: PodSpec): Resources {
  const sum: Resources = {};
  for (const c of spec.containers ?? []) addResources(sum, resourceList(c.resources?.requests));
  for (const c of spec.initContainers ?? []) {
    // A restartable init container (sidecar) keeps running beside the app containers.
    if (c.restartPolicy === 'Always') addResources(sum, resourceList(c.resources?.requests));
    else maxResources(sum, resourceList(c.resources?.requests));
  }
  addResources(sum, resourceList(spec.overhead));
  sum.pods = 1;
  return sum;
}

function nonZero(containers: Container[], resource: string, fallback: number): number {
  return containers.reduce((total, c) => {
    const value = c.resources?.requests?.[resource];
    return total + (value === undefined ? fallback : resourceList({ [resource]: value })[resource]);
  }, 0);
}

function hostPorts(containers: Container[]): HostPort[] {
  return containers.flatMap((c) => (c.ports ?? []).filter((p) => p.hostPort).map((p) => ({ protocol: p.protocol ?? 'TCP', hostIP: p.hostIP || '0.0.0.0', hostPort: p.hostPort! })));
}
