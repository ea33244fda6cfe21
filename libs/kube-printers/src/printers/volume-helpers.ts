import type { KubeObject } from '@kronicle/contracts';

/** Upstream's `GetAccessModesAsString`: short names in a fixed order, duplicates dropped. */
export function accessModes(modes: string[] | undefined): string {
  const present = new Set(modes ?? []);
  return [
    ['ReadWriteOnce', 'RWO'],
    ['ReadOnlyMany', 'ROX'],
    ['ReadWriteMany', 'RWX'],
    ['ReadWriteOncePod', 'RWOP'],
  ]
    .filter(([mode]) => present.has(mode!))
    .map(([, short]) => short)
    .join(',');
}

/** The storage class of a PV or PVC: the beta annotation wins over spec.storageClassName. */
export function storageClassOf(object: KubeObject & { spec?: { storageClassName?: string | null } }): string {
  return object.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? object.spec?.storageClassName ?? '';
}
