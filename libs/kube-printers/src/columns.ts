import { swaggerDocs } from './swagger-docs';
import type { TableColumnDefinition } from './table';

type ColumnType = 'string' | 'integer' | 'number' | 'boolean' | 'date';

export function column(name: string, type: ColumnType, description: string): TableColumnDefinition {
  return { name, type, format: '', description, priority: 0 };
}

/** A column `kubectl get` shows only with `-o wide`. */
export function wideColumn(name: string, type: ColumnType, description: string): TableColumnDefinition {
  return { ...column(name, type, description), priority: 1 };
}

export const nameColumn: TableColumnDefinition = { ...column('Name', 'string', swaggerDocs.ObjectMeta.name), format: 'name' };
export const ageColumn = column('Age', 'string', swaggerDocs.ObjectMeta.creationTimestamp);
export const containersColumn = wideColumn('Containers', 'string', 'Names of each container in the template.');
export const imagesColumn = wideColumn('Images', 'string', 'Images referenced by each container in the template.');
