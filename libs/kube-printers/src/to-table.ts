import type { KubeObject } from '@kronicle/contracts';
import { printerFor } from './printers/printer-registry';
import type { PartialObjectMetadata, Table, TableRow } from './table';

export interface ToTableInput {
  /** API group of the resource, '' for the core group. */
  group: string;
  /** Plural resource name, as in the URL. */
  resource: string;
  objects: KubeObject[];
  /** The clock AGE and other durations are measured against. */
  now: Date;
  /** What each row carries besides its cells; upstream's default is Metadata. */
  includeObject?: 'None' | 'Object' | 'Metadata';
  listMeta?: { resourceVersion?: string; continue?: string };
}

/** The server-side `meta.k8s.io/v1` Table for a list (or a single object) of one resource. */
export function toTable(input: ToTableInput): Table {
  const printer = printerFor(input.group, input.resource);
  const rows = input.objects.map((object): TableRow => {
    const conditions = printer.conditions?.(object);
    return {
      cells: printer.cells(object, input.now),
      ...(conditions ? { conditions } : {}),
      object: rowObject(object, input.includeObject ?? 'Metadata'),
    };
  });
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { ...input.listMeta },
    columnDefinitions: printer.columns,
    rows,
  };
}

function rowObject(object: KubeObject, include: 'None' | 'Object' | 'Metadata'): KubeObject | PartialObjectMetadata | null {
  switch (include) {
    case 'None':
      return null;
    case 'Object':
      return object;
    case 'Metadata':
      return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata };
  }
}
