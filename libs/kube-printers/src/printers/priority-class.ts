import type { KubeObject } from '@kronicle/contracts';
import { ageColumn, column, nameColumn } from '../columns';
import type { Printer } from '../printer';
import { swaggerDocs } from '../swagger-docs';
import { since } from '../timestamp';

interface PriorityClass extends KubeObject {
  value?: number;
  globalDefault?: boolean;
  preemptionPolicy?: string;
}

const docs = swaggerDocs.PriorityClass;

export const priorityClassPrinter: Printer = {
  columns: [
    nameColumn,
    column('Value', 'integer', docs.value),
    column('Global-Default', 'boolean', docs.globalDefault),
    ageColumn,
    // Upstream prints this column on wide output only yet declares it with priority 0.
    column('PreemptionPolicy', 'string', docs.preemptionPolicy),
  ],
  cells(object, now) {
    const priorityClass = object as PriorityClass;
    return [
      priorityClass.metadata.name ?? '',
      priorityClass.value ?? 0,
      priorityClass.globalDefault ?? false,
      since(priorityClass.metadata.creationTimestamp, now),
      priorityClass.preemptionPolicy ?? '',
    ];
  },
};
