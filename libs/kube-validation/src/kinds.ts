import type { FieldCause } from './field-error';
import { defaultCronJob } from './defaults/cron-job';
import { defaultDaemonSet } from './defaults/daemon-set';
import { defaultDeployment } from './defaults/deployment';
import { defaultEndpointSlice, defaultEndpoints } from './defaults/endpoints';
import { defaultJob } from './defaults/job';
import { defaultNamespace } from './defaults/namespace';
import { defaultNode } from './defaults/node';
import { defaultPersistentVolume } from './defaults/persistent-volume';
import { defaultPersistentVolumeClaim } from './defaults/persistent-volume-claim';
import { defaultPod } from './defaults/pod-spec';
import { defaultPriorityClass } from './defaults/priority-class';
import { defaultIngressClass, defaultNetworkPolicy } from './defaults/networking';
import { defaultBinding } from './defaults/rbac';
import { defaultReplicaSet } from './defaults/replica-set';
import { defaultSecret } from './defaults/secret';
import { defaultService } from './defaults/service';
import { defaultStatefulSet } from './defaults/stateful-set';
import { defaultStorageClass } from './defaults/storage-class';
import type { Json } from './validation/common';
import { validateConfigMap, validateConfigMapUpdate, validateSecret, validateSecretUpdate } from './validation/config-data';
import { validateCronJob, validateCronJobUpdate } from './validation/cron-job';
import { validateDaemonSet, validateDaemonSetUpdate } from './validation/daemon-set';
import { validateDeployment, validateDeploymentUpdate } from './validation/deployment';
import { validateEndpointSlice, validateEndpointSliceUpdate, validateEndpoints } from './validation/endpoints';
import { validateJob, validateJobUpdate } from './validation/job';
import { type NameValidator, nameIsDNS1035Label, nameIsDNSLabel, nameIsDNSSubdomain, nameIsPathSegment } from './validation/names';
import { validateNamespace } from './validation/namespace';
import { validateIngress, validateIngressClass, validateIngressClassUpdate, validateIngressUpdate, validateNetworkPolicy } from './validation/networking';
import { validatePersistentVolume } from './validation/persistent-volume';
import { validatePersistentVolumeClaim, validatePersistentVolumeClaimUpdate } from './validation/persistent-volume-claim';
import { validatePodCreate, validatePodUpdate } from './validation/pod';
import { validatePriorityClass, validatePriorityClassUpdate } from './validation/priority-class';
import { validateClusterRole, validateClusterRoleBinding, validateClusterRoleBindingUpdate, validateRole, validateRoleBinding, validateRoleBindingUpdate } from './validation/rbac';
import { validateReplicaSet, validateReplicaSetUpdate } from './validation/replica-set';
import { validateRuntimeClass, validateRuntimeClassUpdate } from './validation/runtime-class';
import { validateService, validateServiceUpdate } from './validation/service';
import { validateControllerRevision, validateCoreEvent, validateEventsV1Event, validateLease, validatePodDisruptionBudget } from './validation/small-kinds';
import { validateStatefulSet, validateStatefulSetUpdate } from './validation/stateful-set';
import { validateStorageClass, validateStorageClassUpdate } from './validation/storage-class';

/** What Kronicle knows about one served kind. Defaulting mutates a clone it is given. */
export interface KindRules {
  namespaced: boolean;
  name: NameValidator;
  defaults?: (object: Json, creating: boolean) => void;
  validate?: (object: Json) => FieldCause[];
  /** Defaults to `validate` of the new object when a kind has no update-only rules. */
  validateUpdate?: (object: Json, old: Json) => FieldCause[];
}

const subdomain = nameIsDNSSubdomain;

/** Keyed by `<apiVersion>/<kind>`. */
export const kinds: Record<string, KindRules> = {
  'v1/Namespace': { namespaced: false, name: nameIsDNSLabel, defaults: defaultNamespace, validate: validateNamespace },
  'v1/Node': { namespaced: false, name: subdomain, defaults: defaultNode },
  'v1/Pod': { namespaced: true, name: subdomain, defaults: defaultPod, validate: validatePodCreate, validateUpdate: validatePodUpdate },
  'v1/Service': { namespaced: true, name: nameIsDNS1035Label, defaults: defaultService, validate: validateService, validateUpdate: validateServiceUpdate },
  'v1/Endpoints': { namespaced: true, name: subdomain, defaults: defaultEndpoints, validate: validateEndpoints },
  'v1/PersistentVolume': { namespaced: false, name: subdomain, defaults: defaultPersistentVolume, validate: validatePersistentVolume },
  'v1/PersistentVolumeClaim': {
    namespaced: true,
    name: subdomain,
    defaults: defaultPersistentVolumeClaim,
    validate: validatePersistentVolumeClaim,
    validateUpdate: validatePersistentVolumeClaimUpdate,
  },
  'v1/ConfigMap': { namespaced: true, name: subdomain, validate: validateConfigMap, validateUpdate: validateConfigMapUpdate },
  'v1/Secret': { namespaced: true, name: subdomain, defaults: defaultSecret, validate: validateSecret, validateUpdate: validateSecretUpdate },
  'v1/Event': { namespaced: true, name: subdomain, validate: validateCoreEvent },
  'v1/ServiceAccount': { namespaced: true, name: subdomain },
  'apps/v1/Deployment': { namespaced: true, name: subdomain, defaults: defaultDeployment, validate: validateDeployment, validateUpdate: validateDeploymentUpdate },
  'apps/v1/ReplicaSet': { namespaced: true, name: subdomain, defaults: defaultReplicaSet, validate: validateReplicaSet, validateUpdate: validateReplicaSetUpdate },
  'apps/v1/StatefulSet': {
    namespaced: true,
    name: nameIsDNSLabel,
    defaults: defaultStatefulSet,
    validate: validateStatefulSet,
    validateUpdate: validateStatefulSetUpdate,
  },
  'apps/v1/DaemonSet': { namespaced: true, name: subdomain, defaults: defaultDaemonSet, validate: validateDaemonSet, validateUpdate: validateDaemonSetUpdate },
  'apps/v1/ControllerRevision': { namespaced: true, name: subdomain, validate: validateControllerRevision },
  'batch/v1/Job': { namespaced: true, name: subdomain, defaults: defaultJob, validate: validateJob, validateUpdate: validateJobUpdate },
  'batch/v1/CronJob': { namespaced: true, name: subdomain, defaults: defaultCronJob, validate: validateCronJob, validateUpdate: validateCronJobUpdate },
  'storage.k8s.io/v1/StorageClass': {
    namespaced: false,
    name: subdomain,
    defaults: defaultStorageClass,
    validate: validateStorageClass,
    validateUpdate: validateStorageClassUpdate,
  },
  'discovery.k8s.io/v1/EndpointSlice': {
    namespaced: true,
    name: subdomain,
    defaults: defaultEndpointSlice,
    validate: validateEndpointSlice,
    validateUpdate: validateEndpointSliceUpdate,
  },
  'scheduling.k8s.io/v1/PriorityClass': {
    namespaced: false,
    name: subdomain,
    defaults: defaultPriorityClass,
    validate: validatePriorityClass,
    validateUpdate: validatePriorityClassUpdate,
  },
  'coordination.k8s.io/v1/Lease': { namespaced: true, name: subdomain, validate: validateLease },
  'events.k8s.io/v1/Event': { namespaced: true, name: subdomain, validate: validateEventsV1Event },
  'policy/v1/Eviction': { namespaced: true, name: subdomain },
  'policy/v1/PodDisruptionBudget': { namespaced: true, name: subdomain, validate: validatePodDisruptionBudget },
  'node.k8s.io/v1/RuntimeClass': { namespaced: false, name: subdomain, validate: validateRuntimeClass, validateUpdate: validateRuntimeClassUpdate },
  'networking.k8s.io/v1/Ingress': { namespaced: true, name: subdomain, validate: validateIngress, validateUpdate: validateIngressUpdate },
  'networking.k8s.io/v1/IngressClass': { namespaced: false, name: subdomain, defaults: defaultIngressClass, validate: validateIngressClass, validateUpdate: validateIngressClassUpdate },
  'networking.k8s.io/v1/NetworkPolicy': { namespaced: true, name: subdomain, defaults: defaultNetworkPolicy, validate: validateNetworkPolicy },
  'rbac.authorization.k8s.io/v1/Role': { namespaced: true, name: nameIsPathSegment, validate: validateRole },
  'rbac.authorization.k8s.io/v1/ClusterRole': { namespaced: false, name: nameIsPathSegment, validate: validateClusterRole },
  'rbac.authorization.k8s.io/v1/RoleBinding': {
    namespaced: true,
    name: nameIsPathSegment,
    defaults: defaultBinding,
    validate: validateRoleBinding,
    validateUpdate: validateRoleBindingUpdate,
  },
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': {
    namespaced: false,
    name: nameIsPathSegment,
    defaults: defaultBinding,
    validate: validateClusterRoleBinding,
    validateUpdate: validateClusterRoleBindingUpdate,
  },
};

export function kindRules(object: { apiVersion?: string; kind?: string }): KindRules | undefined {
  return kinds[`${object.apiVersion}/${object.kind}`];
}
