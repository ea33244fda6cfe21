/**
 * How one field of a Kubernetes type is patched: the Go struct tags `patchStrategy`/`patchMergeKey`
 * (used by strategic merge patch) and the `+listType`/`+listMapKey`/`+mapType`/`+structType` markers
 * (used by server-side apply), as published in OpenAPI as `x-kubernetes-patch-strategy`,
 * `x-kubernetes-patch-merge-key`, `x-kubernetes-list-type`, `x-kubernetes-list-map-keys` and
 * `x-kubernetes-map-type`.
 */
export interface FieldMeta {
  /** `merge`, `replace`, `retainKeys` or `merge,retainKeys`; absent: lists are replaced, maps merged. */
  readonly patchStrategy?: string;
  readonly patchMergeKey?: string;
  /** Server-side apply list type; when absent it follows the patch strategy, as upstream's schema conversion does. */
  readonly listType?: 'atomic' | 'set' | 'map';
  /** Server-side apply keys of a `map` list, when they differ from `[patchMergeKey]`. */
  readonly listMapKeys?: readonly string[];
  /** Defaults of key fields a list item may omit (container ports default `protocol` to TCP). */
  readonly keyDefaults?: Readonly<Record<string, unknown>>;
  /** `+mapType=atomic` / `+structType=atomic`: server-side apply owns the value as a whole. */
  readonly atomic?: boolean;
  /** The metadata of the value's fields (of the list's items, for lists). */
  readonly type?: TypeMeta;
}

/** The patch metadata of one object type: nothing special applies to fields it does not know. */
export interface TypeMeta {
  field(name: string): FieldMeta | undefined;
}

/** Finds the metadata of a top-level type; `undefined` when the kind is unknown (custom resources). */
export type PatchMetaLookup = (apiVersion: string, kind: string) => TypeMeta | undefined;

/** No metadata: every list is atomic and replaced, every map merged. */
export const NO_META: TypeMeta = { field: () => undefined };

/** Server-side apply's view of a list field. */
export type ListShape = { kind: 'atomic' } | { kind: 'set' } | { kind: 'map'; keys: readonly string[] };

/** As kube-openapi's schema conversion: explicit list type first, else derived from the patch strategy. */
export function listShape(meta: FieldMeta | undefined): ListShape {
  const mergeStrategy = meta?.patchStrategy?.split(',').includes('merge') ?? false;
  const type = meta?.listType ?? (mergeStrategy ? (meta?.patchMergeKey ? 'map' : 'set') : 'atomic');
  if (type === 'map') return { kind: 'map', keys: meta?.listMapKeys ?? [meta?.patchMergeKey ?? ''] };
  return { kind: type };
}
