import type { KubeObject } from '@kronicle/contracts';
import type { LabelSelector } from '@kronicle/kube-validation';
import { resourceInfo } from '@kronicle/object-lifecycle';
import type { PodTemplate } from '@kronicle/pod-control';
import type { NodeSelectorTerm, Taint, Toleration } from '@kronicle/scheduling';

/** The parts of apps/v1 DaemonSet the controller reads and writes; everything else is carried as is. */
export interface DaemonSet extends KubeObject {
  spec: {
    selector: LabelSelector;
    template: PodTemplate & { spec?: DaemonPodSpec };
    updateStrategy?: { type?: 'RollingUpdate' | 'OnDelete'; rollingUpdate?: { maxUnavailable?: number | string; maxSurge?: number | string } };
    minReadySeconds?: number;
    revisionHistoryLimit?: number;
  };
  status?: DaemonSetStatus;
}

export interface DaemonPodSpec {
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
  hostNetwork?: boolean;
  affinity?: { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms: NodeSelectorTerm[] }; [key: string]: unknown }; [key: string]: unknown };
  [key: string]: unknown;
}

export interface DaemonSetStatus {
  currentNumberScheduled: number;
  numberMisscheduled: number;
  desiredNumberScheduled: number;
  numberReady: number;
  observedGeneration?: number;
  updatedNumberScheduled?: number;
  numberAvailable?: number;
  numberUnavailable?: number;
  collisionCount?: number;
  conditions?: unknown[];
}

export interface Node extends KubeObject {
  spec?: { taints?: Taint[]; unschedulable?: boolean };
}

/** Upstream `extensions.DaemonSetTemplateGenerationKey`. */
export const POD_TEMPLATE_GENERATION = 'pod-template-generation';

export const DAEMONSET_CONTROLLER = 'daemonset-controller';
export const daemonSetsResource = resourceInfo('apps', 'daemonsets');
export const revisionsResource = resourceInfo('apps', 'controllerrevisions');
