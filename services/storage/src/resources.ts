import type { KubeObject } from '@kronicle/contracts';
import { objectStreamId } from '@kronicle/contracts';
import type { ObjectWrite } from '@kronicle/controller-runtime';
import { resourceInfo } from '@kronicle/object-lifecycle';
import type { ClusterState } from '@kronicle/projection';
import type { PersistentVolume, PersistentVolumeClaim } from '@kronicle/storage';

export const pvcs = resourceInfo('', 'persistentvolumeclaims');
export const pvs = resourceInfo('', 'persistentvolumes');
export const storageClasses = resourceInfo('storage.k8s.io', 'storageclasses');

export const getClaim = (state: ClusterState, namespace: string, name: string) =>
  state.get(objectStreamId({ group: '', resource: 'persistentvolumeclaims', namespace, name }))?.object as PersistentVolumeClaim | undefined;

export const getVolume = (state: ClusterState, name: string) =>
  state.get(objectStreamId({ group: '', resource: 'persistentvolumes', name }))?.object as PersistentVolume | undefined;

export const allVolumes = (state: ClusterState) => state.list({ group: '', resource: 'persistentvolumes' }).map((s) => s.object as PersistentVolume);

export const update = (object: KubeObject, resource = object.kind === 'PersistentVolume' ? pvs : pvcs): ObjectWrite => ({ kind: 'update', resource, object });

/** A status write that changes only the phase (and what goes with it), or nothing when it is already so. */
export function withPhase<T extends PersistentVolume | PersistentVolumeClaim>(object: T, phase: string, extra: Record<string, unknown> = {}): ObjectWrite[] {
  const status = { ...(object.status ?? {}), phase, ...extra };
  const current = object.status as Record<string, unknown> | undefined;
  if (current?.phase === phase && Object.entries(extra).every(([k, v]) => JSON.stringify(current[k]) === JSON.stringify(v))) return [];
  return [{ kind: 'update', resource: object.kind === 'PersistentVolume' ? pvs : pvcs, object: { ...object, status }, subresource: 'status' }];
}

export function withAnnotations<T extends KubeObject>(object: T, annotations: Record<string, string>): T {
  return { ...object, metadata: { ...object.metadata, annotations: { ...object.metadata.annotations, ...annotations } } };
}
