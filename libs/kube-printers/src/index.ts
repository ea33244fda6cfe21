export { toTable, type ToTableInput } from './to-table';
export type { Table, TableCell, TableColumnDefinition, TableRow, TableRowCondition, PartialObjectMetadata } from './table';
export { humanDuration } from './human-duration';
export { labelSelectorString } from './labels';
