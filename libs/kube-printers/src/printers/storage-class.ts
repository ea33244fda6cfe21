import type { KubeObject } from '@kronicle/contracts';
import { ageColumn, column, nameColumn } from '../columns';
import type { Printer } from '../printer';
import { swaggerDocs } from '../swagger-docs';
import { since } from '../timestamp';

interface StorageClass extends KubeObject {
  provisioner?: string;
  reclaimPolicy?: string;
  volumeBindingMode?: string;
  allowVolumeExpansion?: boolean;
}

const docs = swaggerDocs.StorageClass;
const defaultAnnotations = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];

export const storageClassPrinter: Printer = {
  columns: [
    nameColumn,
    column('Provisioner', 'string', docs.provisioner),
    column('ReclaimPolicy', 'string', docs.reclaimPolicy),
    column('VolumeBindingMode', 'string', docs.volumeBindingMode),
    column('AllowVolumeExpansion', 'string', docs.allowVolumeExpansion),
    ageColumn,
  ],
  cells(object, now) {
    const storageClass = object as StorageClass;
    const isDefault = defaultAnnotations.some((a) => storageClass.metadata.annotations?.[a] === 'true');
    return [
      `${storageClass.metadata.name ?? ''}${isDefault ? ' (default)' : ''}`,
      storageClass.provisioner ?? '',
      storageClass.reclaimPolicy ?? 'Delete',
      storageClass.volumeBindingMode ?? 'Immediate',
      storageClass.allowVolumeExpansion ?? false,
      since(storageClass.metadata.creationTimestamp, now),
    ];
  },
};
