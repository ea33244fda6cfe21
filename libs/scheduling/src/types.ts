import type { KubeObject } from '@kronicle/contracts';

/** Requested or allocatable amounts: cpu in millicores, memory and ephemeral storage in bytes, others as counted. */
export type Resources = Record<string, number>;

export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  timeAdded?: string;
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export interface PodAffinityTerm {
  labelSelector?: LabelSelector;
  namespaces?: string[];
  topologyKey: string;
}

export interface TopologySpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  labelSelector?: LabelSelector;
  minDomains?: number;
}

export interface NodeSelectorTerm {
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
  matchFields?: { key: string; operator: string; values?: string[] }[];
}

export interface HostPort {
  protocol: string;
  hostIP: string;
  hostPort: number;
}

/** A pod as the scheduler sees it, computed once from the object. */
export interface PodInfo {
  key: string;
  namespace: string;
  name: string;
  labels: Record<string, string>;
  nodeName?: string;
  priority: number;
  /** Upstream's PodRequests: containers summed, init containers as a maximum, plus overhead. */
  requests: Resources;
  /** Requests with upstream's non-zero defaults (100m cpu, 200Mi memory), for scoring. */
  nonZeroRequests: Resources;
  hostPorts: HostPort[];
  tolerations: Toleration[];
  nodeSelector: Record<string, string>;
  requiredNodeAffinity?: NodeSelectorTerm[];
  requiredAffinity: PodAffinityTerm[];
  requiredAntiAffinity: PodAffinityTerm[];
  topologySpread: TopologySpreadConstraint[];
  object: KubeObject;
}

/** A node with what is already placed on it (bound and assumed pods). */
export interface NodeInfo {
  name: string;
  labels: Record<string, string>;
  taints: Taint[];
  unschedulable: boolean;
  allocatable: Resources;
  requested: Resources;
  nonZeroRequested: Resources;
  pods: PodInfo[];
  /** Those of `pods` with required anti-affinity (upstream's PodsWithRequiredAntiAffinity). */
  podsWithRequiredAntiAffinity: PodInfo[];
  usedPorts: HostPort[];
}

/** Why a node was rejected: upstream's status reasons, and whether preemption could ever help. */
export interface FilterStatus {
  reasons: string[];
  unresolvable: boolean;
}
