import { column, nameColumn } from '../columns';
import type { Printer } from '../printer';
import { swaggerDocs } from '../swagger-docs';
import { parseTimestamp } from '../timestamp';

/** Upstream's default table convertor, for resources without printers of their own: NAME and CREATED AT. */
export const defaultPrinter: Printer = {
  columns: [nameColumn, column('Created At', 'date', swaggerDocs.ObjectMeta.creationTimestamp)],
  cells(object) {
    const created = parseTimestamp(object.metadata.creationTimestamp);
    // Go formats the zero time as the year 1 in RFC 3339, seconds precision.
    const createdAt = created === undefined ? '0001-01-01T00:00:00Z' : new Date(created).toISOString().replace(/\.\d{3}Z$/, 'Z');
    return [object.metadata.name ?? '', createdAt];
  },
};
