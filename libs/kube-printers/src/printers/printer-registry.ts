import type { Printer } from '../printer';
import { configMapPrinter } from './config-map';
import { controllerRevisionPrinter } from './controller-revision';
import { cronJobPrinter } from './cron-job';
import { daemonSetPrinter } from './daemon-set';
import { defaultPrinter } from './default';
import { deploymentPrinter } from './deployment';
import { endpointSlicePrinter } from './endpoint-slice';
import { endpointsPrinter } from './endpoints';
import { coreEventPrinter, eventsV1EventPrinter } from './event';
import { jobPrinter } from './job';
import { leasePrinter } from './lease';
import { namespacePrinter } from './namespace';
import { nodePrinter } from './node';
import { persistentVolumePrinter } from './persistent-volume';
import { persistentVolumeClaimPrinter } from './persistent-volume-claim';
import { podPrinter } from './pod';
import { podDisruptionBudgetPrinter } from './pod-disruption-budget';
import { clusterRoleBindingPrinter, roleBindingPrinter } from './role-binding';
import { ingressClassPrinter, ingressPrinter, networkPolicyPrinter } from './networking';
import { priorityClassPrinter } from './priority-class';
import { replicaSetPrinter } from './replica-set';
import { runtimeClassPrinter } from './runtime-class';
import { secretPrinter } from './secret';
import { servicePrinter } from './service';
import { serviceAccountPrinter } from './service-account';
import { statefulSetPrinter } from './stateful-set';
import { storageClassPrinter } from './storage-class';

/** Printers keyed by `<group>/<resource>`, the core group being ''. */
const printers = new Map<string, Printer>([
  ['/pods', podPrinter],
  ['/nodes', nodePrinter],
  ['/services', servicePrinter],
  ['/endpoints', endpointsPrinter],
  ['/namespaces', namespacePrinter],
  ['/persistentvolumes', persistentVolumePrinter],
  ['/persistentvolumeclaims', persistentVolumeClaimPrinter],
  ['/configmaps', configMapPrinter],
  ['/secrets', secretPrinter],
  ['/serviceaccounts', serviceAccountPrinter],
  ['/events', coreEventPrinter],
  ['events.k8s.io/events', eventsV1EventPrinter],
  ['apps/deployments', deploymentPrinter],
  ['apps/replicasets', replicaSetPrinter],
  ['apps/statefulsets', statefulSetPrinter],
  ['apps/daemonsets', daemonSetPrinter],
  ['apps/controllerrevisions', controllerRevisionPrinter],
  ['batch/jobs', jobPrinter],
  ['batch/cronjobs', cronJobPrinter],
  ['discovery.k8s.io/endpointslices', endpointSlicePrinter],
  ['storage.k8s.io/storageclasses', storageClassPrinter],
  ['scheduling.k8s.io/priorityclasses', priorityClassPrinter],
  ['coordination.k8s.io/leases', leasePrinter],
  ['policy/poddisruptionbudgets', podDisruptionBudgetPrinter],
  ['node.k8s.io/runtimeclasses', runtimeClassPrinter],
  ['networking.k8s.io/ingresses', ingressPrinter],
  ['networking.k8s.io/ingressclasses', ingressClassPrinter],
  ['networking.k8s.io/networkpolicies', networkPolicyPrinter],
  ['rbac.authorization.k8s.io/rolebindings', roleBindingPrinter],
  ['rbac.authorization.k8s.io/clusterrolebindings', clusterRoleBindingPrinter],
]);

export function printerFor(group: string, resource: string): Printer {
  return printers.get(`${group}/${resource}`) ?? defaultPrinter;
}
