import type { KubeObject } from '@kronicle/contracts';
import { ageColumn, column, containersColumn, imagesColumn, nameColumn, wideColumn } from '../columns';
import { type Container, containerCells } from '../containers';
import { type LabelSelector, formatLabelSelector } from '../labels';
import type { Printer } from '../printer';
import { swaggerDocs } from '../swagger-docs';
import { since } from '../timestamp';

interface ReplicaSet extends KubeObject {
  spec?: { replicas?: number; selector?: LabelSelector; template?: { spec?: { containers?: Container[] } } };
  status?: { replicas?: number; readyReplicas?: number };
}

export const replicaSetPrinter: Printer = {
  columns: [
    nameColumn,
    column('Desired', 'integer', swaggerDocs.ReplicaSetSpec.replicas),
    column('Current', 'integer', swaggerDocs.ReplicaSetStatus.replicas),
    column('Ready', 'integer', swaggerDocs.ReplicaSetStatus.readyReplicas),
    ageColumn,
    containersColumn,
    imagesColumn,
    wideColumn('Selector', 'string', swaggerDocs.ReplicaSetSpec.selector),
  ],
  cells(object, now) {
    const { metadata, spec, status } = object as ReplicaSet;
    return [
      metadata.name ?? '',
      spec?.replicas ?? 1, // the default
      status?.replicas ?? 0,
      status?.readyReplicas ?? 0,
      since(metadata.creationTimestamp, now),
      ...containerCells(spec?.template?.spec?.containers),
      formatLabelSelector(spec?.selector),
    ];
  },
};
