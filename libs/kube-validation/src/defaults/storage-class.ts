import type { Json } from '../validation/common';

/** Upstream storage/v1 `SetDefaults_StorageClass`. */
export function defaultStorageClass(sc: Json): void {
  sc.reclaimPolicy ||= 'Delete';
  sc.volumeBindingMode ||= 'Immediate';
}
