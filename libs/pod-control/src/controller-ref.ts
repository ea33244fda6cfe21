import type { KubeObject, OwnerReference } from '@kronicle/contracts';

/** The ownerReference marked `controller` (upstream `metav1.GetControllerOf`). */
export function controllerOf(object: KubeObject): OwnerReference | undefined {
  return object.metadata.ownerReferences?.find((ref) => ref.controller);
}

/** The ownerReference a controller puts on what it creates or adopts (upstream `NewControllerRef`). */
export function controllerRef(owner: KubeObject): OwnerReference {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name ?? '', uid: owner.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
}
