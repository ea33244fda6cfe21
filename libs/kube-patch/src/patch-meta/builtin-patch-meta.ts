import type { FieldMeta, PatchMetaLookup, TypeMeta } from './patch-meta';

/** A field as written in the table: like `FieldMeta`, with the value's type given by name. */
type Field = Omit<FieldMeta, 'type'> & { type?: string };

const byName = (key: string): Field => ({ patchStrategy: 'merge', patchMergeKey: key });
const conditions: Field = byName('type');
const atomicStruct = (type?: string): Field => ({ atomic: true, type });

/**
 * Patch metadata of the built-in types Kronicle serves, copied from upstream v1.32's Go struct tags and
 * list markers (`staging/src/k8s.io/api/{core,apps,batch,policy,networking,node,rbac}/v1/types.go`, `apimachinery/pkg/apis/meta/v1/types.go`).
 * Only fields where something differs from the defaults (lists replaced and atomic, maps merged and granular)
 * are listed, plus the struct fields needed to reach them.
 */
const TYPES: Record<string, Record<string, Field>> = {
  ObjectMeta: {
    ownerReferences: { ...byName('uid'), listType: 'map' },
    finalizers: { patchStrategy: 'merge', listType: 'set' },
  },
  LabelSelector: {},
  PodTemplateSpec: { metadata: { type: 'ObjectMeta' }, spec: { type: 'PodSpec' } },
  PodSpec: {
    volumes: { patchStrategy: 'merge,retainKeys', patchMergeKey: 'name' },
    initContainers: { ...byName('name'), type: 'Container' },
    containers: { ...byName('name'), type: 'Container' },
    ephemeralContainers: { ...byName('name'), type: 'Container' },
    imagePullSecrets: byName('name'),
    hostAliases: { ...byName('ip'), listType: 'map' },
    topologySpreadConstraints: { ...byName('topologyKey'), listMapKeys: ['topologyKey', 'whenUnsatisfiable'] },
    schedulingGates: byName('name'),
    resourceClaims: { patchStrategy: 'merge,retainKeys', patchMergeKey: 'name' },
    nodeSelector: { atomic: true },
    resources: { type: 'ResourceRequirements' },
  },
  Container: {
    ports: { ...byName('containerPort'), listMapKeys: ['containerPort', 'protocol'], keyDefaults: { protocol: 'TCP' } },
    env: byName('name'),
    volumeMounts: byName('mountPath'),
    volumeDevices: byName('devicePath'),
    resources: { type: 'ResourceRequirements' },
  },
  ResourceRequirements: { claims: { listType: 'map', listMapKeys: ['name'] } },
  PodStatus: {
    conditions,
    podIPs: { ...byName('ip'), listType: 'map' },
    hostIPs: { ...byName('ip'), listType: 'atomic' },
  },
  DeploymentSpec: {
    selector: atomicStruct('LabelSelector'),
    template: { type: 'PodTemplateSpec' },
    strategy: { patchStrategy: 'retainKeys' },
  },
  DeploymentStatus: { conditions },
  ReplicaSetSpec: { selector: atomicStruct('LabelSelector'), template: { type: 'PodTemplateSpec' } },
  ReplicaSetStatus: { conditions },
  StatefulSetSpec: {
    selector: atomicStruct('LabelSelector'),
    template: { type: 'PodTemplateSpec' },
    updateStrategy: { patchStrategy: 'retainKeys' },
  },
  StatefulSetStatus: { conditions },
  DaemonSetSpec: {
    selector: atomicStruct('LabelSelector'),
    template: { type: 'PodTemplateSpec' },
  },
  DaemonSetStatus: { conditions },
  JobSpec: { selector: atomicStruct('LabelSelector'), template: { type: 'PodTemplateSpec' } },
  JobStatus: { conditions: { ...conditions, listType: 'atomic' } },
  JobTemplateSpec: { metadata: { type: 'ObjectMeta' }, spec: { type: 'JobSpec' } },
  CronJobSpec: { jobTemplate: { type: 'JobTemplateSpec' } },
  ServiceSpec: {
    ports: { ...byName('port'), listMapKeys: ['port', 'protocol'], keyDefaults: { protocol: 'TCP' } },
    selector: { atomic: true },
  },
  ServiceStatus: { conditions: { ...conditions, listType: 'map' } },
  NodeSpec: { podCIDRs: { patchStrategy: 'merge', listType: 'set' } },
  NodeStatus: { conditions, addresses: { ...byName('type'), listType: 'atomic' } },
  NamespaceStatus: { conditions },
  PersistentVolumeSpec: { claimRef: atomicStruct() },
  PersistentVolumeClaimStatus: { conditions },
  // policy/v1: `patchStrategy:"replace"` on the selector.
  PodDisruptionBudgetSpec: { selector: { patchStrategy: 'replace', type: 'LabelSelector' } },
  PodDisruptionBudgetStatus: { conditions: { ...conditions, listType: 'map' } },
  ReplicationControllerSpec: { template: { type: 'PodTemplateSpec' } },
  ReplicationControllerStatus: { conditions },
};

const top = (spec?: string, status?: string): Record<string, Field> => ({
  ...(spec && { spec: { type: spec } }),
  ...(status && { status: { type: status } }),
});

/** Top-level types by `apiVersion/kind`; every kind's `metadata` is `ObjectMeta`. */
const KINDS: Record<string, Record<string, Field>> = {
  'v1/Pod': top('PodSpec', 'PodStatus'),
  'v1/PodTemplate': { template: { type: 'PodTemplateSpec' } },
  'v1/ReplicationController': top('ReplicationControllerSpec', 'ReplicationControllerStatus'),
  'v1/Service': top('ServiceSpec', 'ServiceStatus'),
  'v1/Node': top('NodeSpec', 'NodeStatus'),
  'v1/Namespace': top(undefined, 'NamespaceStatus'),
  'v1/PersistentVolume': top('PersistentVolumeSpec'),
  'v1/PersistentVolumeClaim': top(undefined, 'PersistentVolumeClaimStatus'),
  'v1/ServiceAccount': { secrets: { ...byName('name'), listType: 'atomic' } },
  'v1/ConfigMap': {},
  'v1/Secret': {},
  'v1/Endpoints': {},
  'v1/Event': {},
  'v1/LimitRange': {},
  'v1/ResourceQuota': {},
  'apps/v1/Deployment': top('DeploymentSpec', 'DeploymentStatus'),
  'apps/v1/ReplicaSet': top('ReplicaSetSpec', 'ReplicaSetStatus'),
  'apps/v1/StatefulSet': top('StatefulSetSpec', 'StatefulSetStatus'),
  'apps/v1/DaemonSet': top('DaemonSetSpec', 'DaemonSetStatus'),
  'apps/v1/ControllerRevision': {},
  'batch/v1/Job': top('JobSpec', 'JobStatus'),
  'batch/v1/CronJob': top('CronJobSpec'),
  'policy/v1/PodDisruptionBudget': top('PodDisruptionBudgetSpec', 'PodDisruptionBudgetStatus'),
  // Their lists (rules, paths, peers, subjects) have no merge keys: a patch replaces them whole.
  'networking.k8s.io/v1/Ingress': {},
  'node.k8s.io/v1/RuntimeClass': {},
  'networking.k8s.io/v1/IngressClass': {},
  'networking.k8s.io/v1/NetworkPolicy': {},
  'rbac.authorization.k8s.io/v1/Role': {},
  'rbac.authorization.k8s.io/v1/ClusterRole': {},
  'rbac.authorization.k8s.io/v1/RoleBinding': {},
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': {},
};

const typeMetas = new Map<string, TypeMeta>();

function typeMeta(name: string): TypeMeta {
  let meta = typeMetas.get(name);
  if (!meta) {
    meta = fieldsMeta(TYPES[name]);
    typeMetas.set(name, meta);
  }
  return meta;
}

function fieldsMeta(fields: Record<string, Field>): TypeMeta {
  return {
    field: (name) => {
      const field = fields[name];
      if (!field) return undefined;
      const { type, ...rest } = field;
      return type ? { ...rest, type: typeMeta(type) } : rest;
    },
  };
}

/** The default `PatchMetaLookup`: Kubernetes' built-in kinds, from the tables above. */
export const builtinPatchMeta: PatchMetaLookup = (apiVersion, kind) => {
  const fields = KINDS[`${apiVersion}/${kind}`];
  return fields && fieldsMeta({ metadata: { type: 'ObjectMeta' }, ...fields });
};
