/** The `meta.k8s.io/v1` Table kubectl asks for with `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`. */
export interface TableColumnDefinition {
  name: string;
  /** OpenAPI type of the cells: string, integer, number, boolean or date. */
  type: string;
  /** `name` marks the column that holds the object's name; empty otherwise. */
  format: string;
  description: string;
  /** 0: always shown; 1: shown by `kubectl get -o wide` only. */
  priority: number;
}

export type TableCell = string | number | boolean;

export interface TableRowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface PartialObjectMetadata {
  kind: 'PartialObjectMetadata';
  apiVersion: 'meta.k8s.io/v1';
  metadata: Record<string, unknown>;
}

export interface TableRow {
  cells: TableCell[];
  conditions?: TableRowCondition[];
  /** What `includeObject` asked for; null for `None`, as upstream serialises an empty RawExtension. */
  object: unknown;
}

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string };
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}
