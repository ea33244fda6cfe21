import type { KubeObject } from '@kronicle/contracts';
import type { TableCell, TableColumnDefinition, TableRowCondition } from './table';

/**
 * How one kind becomes table rows. Cells always include the `-o wide` (priority 1) columns:
 * the API server prints wide and kubectl hides what the user did not ask for.
 */
export interface Printer {
  columns: TableColumnDefinition[];
  cells(object: KubeObject, now: Date): TableCell[];
  conditions?(object: KubeObject): TableRowCondition[] | undefined;
}
