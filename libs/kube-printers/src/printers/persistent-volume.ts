import type { KubeObject } from '@kronicle/contracts';
import { ageColumn, column, nameColumn, wideColumn } from '../columns';
import type { Printer } from '../printer';
import { canonicalQuantity } from '../quantity';
import { swaggerDocs } from '../swagger-docs';
import { since } from '../timestamp';
import { accessModes, storageClassOf } from './volume-helpers';

interface PersistentVolume extends KubeObject {
  spec?: {
    capacity?: { storage?: string };
    accessModes?: string[];
    persistentVolumeReclaimPolicy?: string;
    claimRef?: { namespace?: string; name?: string };
    storageClassName?: string;
    volumeAttributesClassName?: string;
    volumeMode?: string;
  };
  status?: { phase?: string; reason?: string };
}

const spec = swaggerDocs.PersistentVolumeSpec;

export const persistentVolumePrinter: Printer = {
  columns: [
    nameColumn,
    column('Capacity', 'string', spec.capacity),
    column('Access Modes', 'string', spec.accessModes),
    column('Reclaim Policy', 'string', spec.persistentVolumeReclaimPolicy),
    column('Status', 'string', swaggerDocs.PersistentVolumeStatus.phase),
    column('Claim', 'string', spec.claimRef),
    column('StorageClass', 'string', 'StorageClass of the pv'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pv'),
    column('Reason', 'string', swaggerDocs.PersistentVolumeStatus.reason),
    ageColumn,
    wideColumn('VolumeMode', 'string', spec.volumeMode),
  ],
  cells(object, now) {
    const pv = object as PersistentVolume;
    const claim = pv.spec?.claimRef;
    return [
      pv.metadata.name ?? '',
      canonicalQuantity(pv.spec?.capacity?.storage ?? '0'),
      accessModes(pv.spec?.accessModes),
      pv.spec?.persistentVolumeReclaimPolicy ?? '',
      pv.metadata.deletionTimestamp ? 'Terminating' : (pv.status?.phase ?? ''),
      claim ? `${claim.namespace ?? ''}/${claim.name ?? ''}` : '',
      storageClassOf(pv),
      pv.spec?.volumeAttributesClassName ?? '<unset>',
      pv.status?.reason ?? '',
      since(pv.metadata.creationTimestamp, now),
      pv.spec?.volumeMode ?? '<unset>',
    ];
  },
};
