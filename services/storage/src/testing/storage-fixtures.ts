import { InMemoryCluster, type ObjectWrite } from '@kronicle/controller-runtime';
import { resourceInfo } from '@kronicle/object-lifecycle';
import type { PersistentVolume, PersistentVolumeClaim, Pod, StorageClass } from '@kronicle/storage';
import { storageController } from '../storage-controller';
import { getClaim, getVolume, pvcs, pvs, storageClasses } from '../resources';

export const now = new Date('2026-01-01T00:00:00Z');

export function volume(name: string, size: string, extra: Partial<PersistentVolume['spec']> = {}, labels?: Record<string, string>): PersistentVolume {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, ...(labels ? { labels } : {}) },
    spec: { capacity: { storage: size }, accessModes: ['ReadWriteOnce'], hostPath: { path: `/mnt/${name}` }, storageClassName: 'manual', ...extra },
  };
}

export function claim(name: string, size: string, extra: Partial<PersistentVolumeClaim['spec']> = {}): PersistentVolumeClaim {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: 'default' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } }, storageClassName: 'manual', ...extra },
  };
}

export function pod(name: string, claimName: string, nodeName?: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'c', image: 'nginx' }], volumes: [{ name: 'data', persistentVolumeClaim: { claimName } }] },
  };
}

export const create = (object: PersistentVolume | PersistentVolumeClaim | Pod | StorageClass): ObjectWrite => ({
  kind: 'create',
  resource: object.kind === 'PersistentVolume' ? pvs : object.kind === 'PersistentVolumeClaim' ? pvcs : object.kind === 'Pod' ? resourceInfo('', 'pods') : storageClasses,
  object,
});

/** A cluster with the `default` namespace and the storage controller settled on it. */
export function storageCluster(): InMemoryCluster & { claim(name: string): PersistentVolumeClaim | undefined; volume(name: string): PersistentVolume | undefined; act(writes: ObjectWrite[]): void } {
  const cluster = new InMemoryCluster(storageController.indexes);
  cluster.write([{ kind: 'create', resource: resourceInfo('', 'namespaces'), object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } } }], now);
  cluster.settle([storageController], now);
  const act = cluster.act.bind(cluster);
  return Object.assign(cluster, {
    claim: (name: string) => getClaim(cluster.state, 'default', name),
    volume: (name: string) => getVolume(cluster.state, name),
    act: (writes: ObjectWrite[]) => act(writes, [storageController], now),
  });
}
