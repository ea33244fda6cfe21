import type { KubeObject } from '@kronicle/contracts';
import { ageColumn, column, nameColumn, wideColumn } from '../columns';
import type { Printer } from '../printer';
import { canonicalQuantity } from '../quantity';
import { swaggerDocs } from '../swagger-docs';
import { since } from '../timestamp';
import { accessModes, storageClassOf } from './volume-helpers';

interface PersistentVolumeClaim extends KubeObject {
  spec?: { volumeName?: string; storageClassName?: string; volumeAttributesClassName?: string; volumeMode?: string };
  status?: { phase?: string; capacity?: { storage?: string }; accessModes?: string[] };
}

const status = swaggerDocs.PersistentVolumeClaimStatus;

export const persistentVolumeClaimPrinter: Printer = {
  columns: [
    nameColumn,
    column('Status', 'string', status.phase),
    column('Volume', 'string', swaggerDocs.PersistentVolumeClaimSpec.volumeName),
    column('Capacity', 'string', status.capacity),
    column('Access Modes', 'string', status.accessModes),
    column('StorageClass', 'string', 'StorageClass of the pvc'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'),
    ageColumn,
    wideColumn('VolumeMode', 'string', swaggerDocs.PersistentVolumeClaimSpec.volumeMode),
  ],
  cells(object, now) {
    const pvc = object as PersistentVolumeClaim;
    // Capacity and access modes are the bound volume's, so they stay empty until binding.
    const bound = Boolean(pvc.spec?.volumeName);
    return [
      pvc.metadata.name ?? '',
      pvc.metadata.deletionTimestamp ? 'Terminating' : (pvc.status?.phase ?? ''),
      pvc.spec?.volumeName ?? '',
      bound ? canonicalQuantity(pvc.status?.capacity?.storage ?? '0') : '',
      bound ? accessModes(pvc.status?.accessModes) : '',
      storageClassOf(pvc),
      pvc.spec?.volumeAttributesClassName ?? '<unset>',
      since(pvc.metadata.creationTimestamp, now),
      pvc.spec?.volumeMode ?? '<unset>',
    ];
  },
};
