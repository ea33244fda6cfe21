import type { KubeObject, ObjectMeta } from '@kronicle/contracts';
import type { LabelSelector } from '@kronicle/kube-validation';
import { resourceInfo } from '@kronicle/object-lifecycle';
import type { PodTemplate } from '@kronicle/pod-control';

/** The parts of apps/v1 StatefulSet the controller reads and writes; everything else is carried as is. */
export interface StatefulSet extends KubeObject {
  spec: {
    replicas?: number;
    selector: LabelSelector;
    template: PodTemplate;
    serviceName?: string;
    volumeClaimTemplates?: { metadata?: ObjectMeta; spec?: Record<string, unknown>; [key: string]: unknown }[];
    podManagementPolicy?: 'OrderedReady' | 'Parallel';
    updateStrategy?: { type?: 'RollingUpdate' | 'OnDelete'; rollingUpdate?: { partition?: number; maxUnavailable?: number | string } };
    minReadySeconds?: number;
    revisionHistoryLimit?: number;
    ordinals?: { start?: number };
    persistentVolumeClaimRetentionPolicy?: { whenDeleted?: 'Retain' | 'Delete'; whenScaled?: 'Retain' | 'Delete' };
  };
  status?: StatefulSetStatus;
}

export interface StatefulSetStatus {
  observedGeneration?: number;
  replicas: number;
  readyReplicas?: number;
  currentReplicas?: number;
  updatedReplicas?: number;
  availableReplicas: number;
  currentRevision?: string;
  updateRevision?: string;
  collisionCount?: number;
  conditions?: unknown[];
}

/** Upstream `apps.StatefulSetPodNameLabel` and `apps.PodIndexLabel`. */
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

export const STATEFULSET_CONTROLLER = 'statefulset-controller';
export const statefulSetsResource = resourceInfo('apps', 'statefulsets');
export const revisionsResource = resourceInfo('apps', 'controllerrevisions');
export const claimsResource = resourceInfo('', 'persistentvolumeclaims');
