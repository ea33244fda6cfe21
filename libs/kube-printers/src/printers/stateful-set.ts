import type { KubeObject } from '@kronicle/contracts';
import { ageColumn, column, containersColumn, imagesColumn, nameColumn } from '../columns';
import { type Container, containerCells } from '../containers';
import type { Printer } from '../printer';
import { since } from '../timestamp';

interface StatefulSet extends KubeObject {
  spec?: { replicas?: number; template?: { spec?: { containers?: Container[] } } };
  status?: { readyReplicas?: number };
}

export const statefulSetPrinter: Printer = {
  columns: [nameColumn, column('Ready', 'string', 'Number of the pod with ready state'), ageColumn, containersColumn, imagesColumn],
  cells(object, now) {
    const { metadata, spec, status } = object as StatefulSet;
    return [
      metadata.name ?? '',
      `${status?.readyReplicas ?? 0}/${spec?.replicas ?? 1}`, // spec.replicas defaults to 1
      since(metadata.creationTimestamp, now),
      ...containerCells(spec?.template?.spec?.containers),
    ];
  },
};
