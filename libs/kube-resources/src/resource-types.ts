import { parseApiVersion, type GroupVersionKind, type ResourceType, type Subresource, type Verb } from './resource-type';

// Verb sets as upstream v1.32 discovery reports them.
const ALL: Verb[] = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const NO_COLLECTION_DELETE: Verb[] = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
const STATUS_VERBS: Verb[] = ['get', 'patch', 'update'];

interface Entry {
  resource: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  verbs?: Verb[];
  shortNames?: string[];
  categories?: string[];
  /** Subresource name → kind it serves, when not the resource's own kind. */
  subresources?: Array<{ name: string; verbs: Verb[]; kind?: GroupVersionKind }>;
}

const status = { name: 'status', verbs: STATUS_VERBS };
const scale = { name: 'scale', verbs: STATUS_VERBS, kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' } };
/** A connection through the API server to a node's kubelet, a pod or a service (`…/proxy/<path>`). */
const proxy = (kind: string) => ({ name: 'proxy', verbs: ['create', 'delete', 'get', 'patch', 'update'] as Verb[], kind: { group: '', version: 'v1', kind } });

const served: Record<string, Entry[]> = {
  v1: [
    { resource: 'bindings', singular: 'binding', kind: 'Binding', namespaced: true, verbs: ['create'] },
    { resource: 'configmaps', singular: 'configmap', kind: 'ConfigMap', namespaced: true, shortNames: ['cm'] },
    { resource: 'endpoints', singular: 'endpoints', kind: 'Endpoints', namespaced: true, shortNames: ['ep'] },
    { resource: 'events', singular: 'event', kind: 'Event', namespaced: true, shortNames: ['ev'] },
    {
      resource: 'namespaces', singular: 'namespace', kind: 'Namespace', namespaced: false, verbs: NO_COLLECTION_DELETE,
      shortNames: ['ns'], subresources: [{ name: 'finalize', verbs: ['update'] }, status],
    },
    { resource: 'nodes', singular: 'node', kind: 'Node', namespaced: false, shortNames: ['no'], subresources: [proxy('NodeProxyOptions'), status] },
    {
      resource: 'persistentvolumeclaims', singular: 'persistentvolumeclaim', kind: 'PersistentVolumeClaim', namespaced: true,
      shortNames: ['pvc'], subresources: [status],
    },
    {
      resource: 'persistentvolumes', singular: 'persistentvolume', kind: 'PersistentVolume', namespaced: false,
      shortNames: ['pv'], subresources: [status],
    },
    {
      resource: 'pods', singular: 'pod', kind: 'Pod', namespaced: true, shortNames: ['po'], categories: ['all'],
      subresources: [
        { name: 'attach', verbs: ['create', 'get'], kind: { group: '', version: 'v1', kind: 'PodAttachOptions' } },
        { name: 'binding', verbs: ['create'], kind: { group: '', version: 'v1', kind: 'Binding' } },
        { name: 'ephemeralcontainers', verbs: STATUS_VERBS },
        { name: 'eviction', verbs: ['create'], kind: { group: 'policy', version: 'v1', kind: 'Eviction' } },
        { name: 'exec', verbs: ['create', 'get'], kind: { group: '', version: 'v1', kind: 'PodExecOptions' } },
        { name: 'log', verbs: ['get'] },
        { name: 'portforward', verbs: ['create', 'get'], kind: { group: '', version: 'v1', kind: 'PodPortForwardOptions' } },
        proxy('PodProxyOptions'),
        status,
      ],
    },
    { resource: 'secrets', singular: 'secret', kind: 'Secret', namespaced: true },
    {
      resource: 'serviceaccounts', singular: 'serviceaccount', kind: 'ServiceAccount', namespaced: true, shortNames: ['sa'],
      subresources: [{ name: 'token', verbs: ['create'], kind: { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' } }],
    },
    {
      resource: 'services', singular: 'service', kind: 'Service', namespaced: true, shortNames: ['svc'], categories: ['all'],
      subresources: [proxy('ServiceProxyOptions'), status],
    },
  ],
  'apps/v1': [
    { resource: 'controllerrevisions', singular: 'controllerrevision', kind: 'ControllerRevision', namespaced: true },
    {
      resource: 'daemonsets', singular: 'daemonset', kind: 'DaemonSet', namespaced: true, shortNames: ['ds'],
      categories: ['all'], subresources: [status],
    },
    {
      resource: 'deployments', singular: 'deployment', kind: 'Deployment', namespaced: true, shortNames: ['deploy'],
      categories: ['all'], subresources: [scale, status],
    },
    {
      resource: 'replicasets', singular: 'replicaset', kind: 'ReplicaSet', namespaced: true, shortNames: ['rs'],
      categories: ['all'], subresources: [scale, status],
    },
    {
      resource: 'statefulsets', singular: 'statefulset', kind: 'StatefulSet', namespaced: true, shortNames: ['sts'],
      categories: ['all'], subresources: [scale, status],
    },
  ],
  'events.k8s.io/v1': [{ resource: 'events', singular: 'event', kind: 'Event', namespaced: true, shortNames: ['ev'] }],
  // Reviews: asked with a create and answered at once, kept nowhere (kubectl auth whoami, kubectl auth can-i).
  'authentication.k8s.io/v1': [{ resource: 'selfsubjectreviews', singular: 'selfsubjectreview', kind: 'SelfSubjectReview', namespaced: false, verbs: ['create'] }],
  'authorization.k8s.io/v1': [
    { resource: 'localsubjectaccessreviews', singular: 'localsubjectaccessreview', kind: 'LocalSubjectAccessReview', namespaced: true, verbs: ['create'] },
    { resource: 'selfsubjectaccessreviews', singular: 'selfsubjectaccessreview', kind: 'SelfSubjectAccessReview', namespaced: false, verbs: ['create'] },
    { resource: 'selfsubjectrulesreviews', singular: 'selfsubjectrulesreview', kind: 'SelfSubjectRulesReview', namespaced: false, verbs: ['create'] },
    { resource: 'subjectaccessreviews', singular: 'subjectaccessreview', kind: 'SubjectAccessReview', namespaced: false, verbs: ['create'] },
  ],
  'batch/v1': [
    {
      resource: 'cronjobs', singular: 'cronjob', kind: 'CronJob', namespaced: true, shortNames: ['cj'],
      categories: ['all'], subresources: [status],
    },
    { resource: 'jobs', singular: 'job', kind: 'Job', namespaced: true, categories: ['all'], subresources: [status] },
  ],
  'networking.k8s.io/v1': [
    { resource: 'ingressclasses', singular: 'ingressclass', kind: 'IngressClass', namespaced: false },
    { resource: 'ingresses', singular: 'ingress', kind: 'Ingress', namespaced: true, shortNames: ['ing'], subresources: [status] },
    { resource: 'networkpolicies', singular: 'networkpolicy', kind: 'NetworkPolicy', namespaced: true, shortNames: ['netpol'] },
  ],
  'node.k8s.io/v1': [{ resource: 'runtimeclasses', singular: 'runtimeclass', kind: 'RuntimeClass', namespaced: false }],
  'policy/v1': [
    {
      resource: 'poddisruptionbudgets', singular: 'poddisruptionbudget', kind: 'PodDisruptionBudget', namespaced: true, shortNames: ['pdb'],
      subresources: [status],
    },
  ],
  'rbac.authorization.k8s.io/v1': [
    { resource: 'clusterrolebindings', singular: 'clusterrolebinding', kind: 'ClusterRoleBinding', namespaced: false },
    { resource: 'clusterroles', singular: 'clusterrole', kind: 'ClusterRole', namespaced: false },
    { resource: 'rolebindings', singular: 'rolebinding', kind: 'RoleBinding', namespaced: true },
    { resource: 'roles', singular: 'role', kind: 'Role', namespaced: true },
  ],
  'storage.k8s.io/v1': [
    { resource: 'storageclasses', singular: 'storageclass', kind: 'StorageClass', namespaced: false, shortNames: ['sc'] },
  ],
  'scheduling.k8s.io/v1': [
    { resource: 'priorityclasses', singular: 'priorityclass', kind: 'PriorityClass', namespaced: false, shortNames: ['pc'] },
  ],
  'coordination.k8s.io/v1': [{ resource: 'leases', singular: 'lease', kind: 'Lease', namespaced: true }],
  'discovery.k8s.io/v1': [
    { resource: 'endpointslices', singular: 'endpointslice', kind: 'EndpointSlice', namespaced: true },
  ],
};

function toResourceType(apiVersion: string, entry: Entry): ResourceType {
  const { group, version } = parseApiVersion(apiVersion);
  const subresources: Subresource[] = (entry.subresources ?? []).map((s) => ({
    name: s.name,
    verbs: s.verbs,
    kind: s.kind ?? { group, version, kind: entry.kind },
  }));
  return {
    group,
    version,
    resource: entry.resource,
    singular: entry.singular,
    kind: entry.kind,
    namespaced: entry.namespaced,
    verbs: entry.verbs ?? ALL,
    shortNames: entry.shortNames ?? [],
    categories: entry.categories ?? [],
    subresources,
  };
}

/** Every resource Kronicle serves, in upstream's discovery order (core first, then groups by their priority). */
export const resourceTypes: readonly ResourceType[] = Object.entries(served).flatMap(([apiVersion, entries]) =>
  entries.map((entry) => toResourceType(apiVersion, entry)),
);
