import type { KubeObject, OwnerReference } from '@kronicle/contracts';
import { InMemoryCluster, nothingToDo, type Controller, type ObjectWrite } from '@kronicle/controller-runtime';
import { resourceInfo, type PropagationPolicy } from '@kronicle/object-lifecycle';
import type { ClusterState, ObjectChange } from '@kronicle/projection';

export const now = new Date('2026-01-01T00:00:00Z');

/** The runtime's InMemoryCluster driving given controllers, with an observer of every change for invariants. */
export class TestCluster {
  private readonly cluster: InMemoryCluster;
  private readonly controllers: Controller[];
  /** Called with every change, with the state after the append that made it. */
  onChange: (change: ObjectChange, state: ClusterState) => void = () => undefined;

  constructor(controllers: Controller[]) {
    this.cluster = new InMemoryCluster(Object.assign({}, ...controllers.map((c) => c.indexes ?? {})));
    const observer: Controller = { name: 'observer', keysFor: (change, state) => (this.onChange(change, state), []), initialKeys: () => [], reconcile: () => nothingToDo };
    this.controllers = [...controllers, observer];
  }

  get state(): ClusterState {
    return this.cluster.state;
  }

  /** Appends a user's writes (at `at`, by default the tests' `now`); controllers do not run. */
  write(writes: ObjectWrite[], at = now): void {
    for (const change of this.cluster.write(writes, at)) this.onChange(change, this.state);
  }

  /** A user's writes, then every controller reconciles what they concern until nothing more changes. */
  act(writes: ObjectWrite[]): void {
    this.cluster.act(writes, this.controllers, now);
  }

  /** Reconciles every controller's initial keys until nothing more changes (as after a restart). */
  settleFromStart(): void {
    this.cluster.settle(this.controllers, now);
  }

  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const info = resourceInfo('', resource);
    return this.state.list({ group: '', resource: info.resource, namespace }).find((s) => s.object.metadata.name === name)?.object;
  }

  names(resource: string, namespace?: string): string[] {
    return this.state
      .list({ group: '', resource, namespace })
      .map((s) => s.object.metadata.name ?? '')
      .sort();
  }
}

export function configMap(name: string, owners: OwnerReference[] = [], namespace = 'default'): ObjectWrite {
  return { kind: 'create', resource: resourceInfo('', 'configmaps'), object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, ...(owners.length ? { ownerReferences: owners } : {}) } } };
}

export function namespace(name: string): ObjectWrite {
  return { kind: 'create', resource: resourceInfo('', 'namespaces'), object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } };
}

export function deleteWrite(resource: string, namespace: string | undefined, name: string, propagationPolicy?: PropagationPolicy): ObjectWrite {
  return { kind: 'delete', resource: resourceInfo('', resource), namespace, name, options: propagationPolicy ? { propagationPolicy } : {} };
}

/** A reference to a live object, as a client writes it. */
export function refTo(object: KubeObject | undefined, extra: Partial<OwnerReference> = {}): OwnerReference {
  if (!object) throw new Error('no such owner');
  return { apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name ?? '', uid: object.metadata.uid ?? '', ...extra };
}
