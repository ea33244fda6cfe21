import type { KubeObject } from '@kronicle/contracts';
import { ageColumn, column, nameColumn } from '../columns';
import type { Printer } from '../printer';
import { since } from '../timestamp';

export const namespacePrinter: Printer = {
  columns: [nameColumn, column('Status', 'string', 'The status of the namespace'), ageColumn],
  cells(object, now) {
    const namespace = object as KubeObject & { status?: { phase?: string } };
    return [namespace.metadata.name ?? '', namespace.status?.phase ?? '', since(namespace.metadata.creationTimestamp, now)];
  },
};
