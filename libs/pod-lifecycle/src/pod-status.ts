import type { KubeObject } from '@kronicle/contracts';

export interface ContainerState {
  waiting?: { reason: string; message?: string };
  running?: { startedAt: string };
  terminated?: { exitCode: number; reason: string; startedAt: string; finishedAt: string; containerID?: string };
}

export interface ContainerStatus {
  name: string;
  image: string;
  imageID: string;
  containerID?: string;
  ready: boolean;
  started: boolean;
  restartCount: number;
  state: ContainerState;
  lastState: ContainerState;
}

export type EphemeralContainerStatus = Omit<ContainerStatus, 'started'>;

export interface PodCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastProbeTime: null;
  lastTransitionTime: string;
  reason?: string;
  message?: string;
}

export interface PodStatus {
  phase?: string;
  conditions?: PodCondition[];
  hostIP?: string;
  hostIPs?: { ip: string }[];
  podIP?: string;
  podIPs?: { ip: string }[];
  startTime?: string;
  containerStatuses?: ContainerStatus[];
  initContainerStatuses?: ContainerStatus[];
  /** Upstream's kubelet gives these no `started`: its prober updates only the containers and init containers. */
  ephemeralContainerStatuses?: EphemeralContainerStatus[];
  qosClass?: string;
  [key: string]: unknown;
}

export interface PodSpec {
  nodeName?: string;
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  hostNetwork?: boolean;
  terminationGracePeriodSeconds?: number;
  activeDeadlineSeconds?: number;
  containers?: ContainerSpec[];
  initContainers?: ContainerSpec[];
  /** Added to a running pod through `pods/ephemeralcontainers` (kubectl debug). */
  ephemeralContainers?: ContainerSpec[];
  /** Conditions, set by other controllers, that must be True too for the pod to be Ready. */
  readinessGates?: { conditionType: string }[];
}

export interface ContainerSpec {
  name: string;
  image?: string;
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  /** Of an init container: `Always` makes it a sidecar, which keeps running beside the pod's containers. */
  restartPolicy?: 'Always';
}

export const statusOf = (pod: KubeObject) => (pod.status ?? {}) as PodStatus;
export const specOf = (pod: KubeObject) => (pod.spec ?? {}) as PodSpec;
