import type { KubeObject } from '@kronicle/contracts';

/** The parts of storage objects the controllers read; everything else is carried as is. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export interface ObjectReference {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  resourceVersion?: string;
}

export interface NodeSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values?: string[];
}

export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

export interface PersistentVolume extends KubeObject {
  spec: {
    capacity?: Record<string, string>;
    accessModes?: string[];
    storageClassName?: string;
    volumeMode?: string;
    persistentVolumeReclaimPolicy?: 'Retain' | 'Delete' | 'Recycle';
    claimRef?: ObjectReference;
    nodeAffinity?: { required?: { nodeSelectorTerms?: NodeSelectorTerm[] } };
    [key: string]: unknown;
  };
  status?: { phase?: string; message?: string; reason?: string; lastPhaseTransitionTime?: string };
}

export interface PersistentVolumeClaim extends KubeObject {
  spec: {
    accessModes?: string[];
    resources?: { requests?: Record<string, string> };
    storageClassName?: string | null;
    volumeMode?: string;
    volumeName?: string;
    selector?: LabelSelector;
    [key: string]: unknown;
  };
  status?: { phase?: string; capacity?: Record<string, string>; accessModes?: string[]; [key: string]: unknown };
}

export interface StorageClass extends KubeObject {
  provisioner: string;
  reclaimPolicy?: 'Retain' | 'Delete';
  volumeBindingMode?: 'Immediate' | 'WaitForFirstConsumer';
  parameters?: Record<string, string>;
}

export interface PodVolume {
  name: string;
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean };
  ephemeral?: unknown;
}

export interface Pod extends KubeObject {
  spec?: { nodeName?: string; volumes?: PodVolume[]; [key: string]: unknown };
  status?: { phase?: string; [key: string]: unknown };
}

export interface Node extends KubeObject {
  metadata: KubeObject['metadata'] & { labels?: Record<string, string> };
}
