import { objectStreamId } from '@kronicle/contracts';
import type { Controller, ReconcileResult } from '@kronicle/controller-runtime';
import { changeNamespace, type ClusterState, type ObjectChange, type StoredObject } from '@kronicle/projection';
import type { AddressPool } from './address-pool';
import { CONTROLLER_NAME, endpointSlices as sliceResource, MANAGED_BY_LABEL, SERVICE_NAME_LABEL, reconcileEndpointSlices } from './endpoint-slices';
import { reconcileEndpoints } from './endpoints';
import { poolIps, reconcileLoadBalancer, wantsAddress } from './load-balancer';
import type { EndpointSlice, Pod, Service } from './types';

/** Cache index: EndpointSlices this controller manages, by `<namespace>/<service>`. */
export const SLICES_BY_SERVICE = 'slices-by-service';
const slicesByService = (stored: StoredObject): string[] => {
  const labels = stored.object.metadata.labels ?? {};
  if (stored.resource !== 'endpointslices' || labels[MANAGED_BY_LABEL] !== CONTROLLER_NAME || !labels[SERVICE_NAME_LABEL]) return [];
  return [`${stored.object.metadata.namespace}/${labels[SERVICE_NAME_LABEL]}`];
};
/** Cache index: Kubernetes Events by the uid of the object they are about. */
const EVENTS_BY_OBJECT = 'events-by-object';
const eventsByObject = (stored: StoredObject): string[] => {
  const uid = stored.resource === 'events' ? (stored.object.involvedObject as { uid?: string } | undefined)?.uid : undefined;
  return uid ? [uid] : [];
};

const serviceKeys = (ns: string | undefined, name: string | undefined) => ['slices', 'endpoints', 'lb'].map((loop) => `${loop}:${ns}/${name}`);
const getService = (state: ClusterState, namespace: string, name: string) =>
  state.get(objectStreamId({ group: '', resource: 'services', namespace, name }))?.object as Service | undefined;
const podsIn = (state: ClusterState, namespace: string) => state.list({ group: '', resource: 'pods', namespace }).map((s) => s.object as Pod);
const servicesIn = (state: ClusterState, namespace?: string) => state.list({ group: '', resource: 'services', namespace }).map((s) => s.object as Service);
const selects = (service: Service, pod: Pod) => Boolean(service.spec?.selector) && Object.entries(service.spec!.selector!).every(([k, v]) => pod.metadata.labels?.[k] === v);

/**
 * Services' data plane as the control plane keeps it: EndpointSlices (upstream endpointslice
 * controller), Endpoints (upstream endpoints controller) and LoadBalancer addresses from a pool
 * (MetalLB's controller), one controller over one cache; keys name the loop.
 */
export function networkController(pool: AddressPool): Controller {
  return {
    name: 'network',
    indexes: { [SLICES_BY_SERVICE]: slicesByService, [EVENTS_BY_OBJECT]: eventsByObject },
    // Pods are read for the Services that select them: those of a namespace where one does (or did).
    podsRead: {
      withFields: [],
      widenedBy: (change) =>
        change.group === '' && change.resource === 'services' && change.type !== 'DELETED' && (change.object as Service).spec?.selector ? { namespaces: [changeNamespace(change)] } : undefined,
    },

    keysFor(change: ObjectChange, state: ClusterState): string[] {
      const ns = changeNamespace(change);
      switch (`${change.group}/${change.resource}`) {
        case '/services': {
          const { object, previous } = change;
          const keys = serviceKeys(ns, object.metadata.name);
          // An address given back (deletion, type change) may be what a pending service waits for.
          const released = previous && poolIps(previous as Service, pool).length > 0 && (change.type === 'DELETED' || poolIps(object as Service, pool).length === 0);
          if (released) keys.push(...servicesIn(state).filter((s) => wantsAddress(s) && !poolIps(s, pool).length).map((s) => `lb:${s.metadata.namespace}/${s.metadata.name}`));
          return keys;
        }
        case '/pods': {
          // Only a Service with a selector cares for pods: without one in the namespace the pod is not parsed.
          const selecting = servicesIn(state, ns).filter((s) => s.spec?.selector);
          if (selecting.length === 0) return [];
          const versions = [change.object, ...(change.previous ? [change.previous] : [])] as Pod[];
          return selecting
            .filter((s) => versions.some((p) => selects(s, p)))
            .flatMap((s) => [`slices:${ns}/${s.metadata.name}`, `endpoints:${ns}/${s.metadata.name}`]);
        }
        case 'discovery.k8s.io/endpointslices': {
          const labels = change.object.metadata.labels;
          const service = labels?.[SERVICE_NAME_LABEL];
          return labels?.[MANAGED_BY_LABEL] === CONTROLLER_NAME && service ? [`slices:${ns}/${service}`] : [];
        }
        case '/endpoints':
          return [`endpoints:${ns}/${change.object.metadata.name}`];
        default:
          return [];
      }
    },

    initialKeys(state: ClusterState): string[] {
      return [
        ...servicesIn(state).flatMap((s) => serviceKeys(s.metadata.namespace, s.metadata.name)),
        // Leftovers of services deleted while the controller was down.
        ...state.list({ group: '', resource: 'endpoints' }).map((s) => `endpoints:${s.object.metadata.namespace}/${s.object.metadata.name}`),
        ...state.list({ group: 'discovery.k8s.io', resource: 'endpointslices' }).flatMap(slicesByService).map((k) => `slices:${k}`),
      ];
    },

    reconcile(key: string, state: ClusterState, now: Date): ReconcileResult {
      const [loop, rest = ''] = key.split(/:(.*)/s);
      const [namespace, name] = rest.split('/');
      const service = getService(state, namespace, name);
      switch (loop) {
        case 'slices': {
          const slices = state.byIndex(SLICES_BY_SERVICE, rest).map((s) => s.object as EndpointSlice);
          // A service's slices go with it (upstream leaves this to the garbage collector through ownerReferences).
          if (!service) return { writes: slices.map((s) => ({ kind: 'delete' as const, resource: sliceResource, namespace, name: s.metadata.name! })) };
          if (!service.spec?.selector) return { writes: [] };
          return { writes: reconcileEndpointSlices(service, podsIn(state, namespace), slices) };
        }
        case 'endpoints': {
          const existing = state.get(objectStreamId({ group: '', resource: 'endpoints', namespace, name }))?.object;
          return { writes: reconcileEndpoints(namespace, name, service, podsIn(state, namespace), existing) };
        }
        case 'lb': {
          if (!service) return { writes: [] };
          const others = servicesIn(state).filter((s) => s.metadata.uid !== service.metadata.uid);
          const warned = (message: string) => state.byIndex(EVENTS_BY_OBJECT, service.metadata.uid ?? '').some((e) => e.object.message === message);
          return { writes: reconcileLoadBalancer(service, others, pool, now, warned) };
        }
        default:
          return { writes: [] };
      }
    },
  };
}
