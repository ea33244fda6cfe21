import { isDeepStrictEqual } from 'node:util';
import { listShape, NO_META, type FieldMeta, type TypeMeta } from '../patch-meta/patch-meta';
import { emptySet, insert, type FieldSet } from './field-set';

/** A value with the metadata that says how server-side apply sees it. */
export interface Typed {
  value: unknown;
  field?: FieldMeta;
  type: TypeMeta;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `k:{…}` of a list item: its key fields, sorted by name, with schema defaults for missing ones. */
function keyElement(item: unknown, keys: readonly string[], defaults: Readonly<Record<string, unknown>> = {}): string {
  const fields = isObject(item) ? item : {};
  const key = Object.fromEntries([...keys].sort().map((name) => [name, fields[name] ?? defaults[name]]).filter(([, v]) => v !== undefined));
  return `k:${JSON.stringify(key)}`;
}

/**
 * The children of a value by path element, or `undefined` for a leaf: scalars, atomic maps and lists,
 * and lists without a merge strategy (atomic, as upstream's schema makes them).
 */
export function childrenOf({ value, field, type }: Typed): Map<string, Typed> | undefined {
  if (isObject(value)) {
    if (field?.atomic) return undefined;
    return new Map(Object.entries(value).map(([key, child]) => {
      const childField = type.field(key);
      return [`f:${key}`, { value: child, field: childField, type: childField?.type ?? NO_META }];
    }));
  }
  if (!Array.isArray(value)) return undefined;
  const shape = listShape(field);
  if (shape.kind === 'atomic') return undefined;
  const itemType = field?.type ?? NO_META;
  return new Map(
    value.map((item) => [
      shape.kind === 'set' ? `v:${JSON.stringify(item)}` : keyElement(item, shape.keys, field?.keyDefaults),
      { value: item, type: itemType },
    ]),
  );
}

const isItem = (element: string) => !element.startsWith('f:');

/** Upstream's `TypedValue.ToFieldSet`: the leaves, list items and empty maps of a value. */
export function toFieldSet(typed: Typed, path: string[] = [], set = emptySet()): FieldSet {
  const children = childrenOf(typed);
  if (!children) {
    insert(set, path);
    return set;
  }
  for (const [element, child] of children) {
    const childPath = [...path, element];
    toFieldSet(child, childPath, set);
    if (isItem(element) || (isObject(child.value) && Object.keys(child.value).length === 0)) insert(set, childPath);
  }
  return set;
}

export interface Comparison {
  added: FieldSet;
  removed: FieldSet;
  modified: FieldSet;
}

/** Upstream's `TypedValue.Compare`: whole subtrees for what appeared or disappeared, leaves for what changed. */
export function compare(before: Typed, after: Typed): Comparison {
  const result = { added: emptySet(), removed: emptySet(), modified: emptySet() };
  compareAt(before, after, [], result);
  return result;
}

function compareAt(lhs: Typed, rhs: Typed, path: string[], out: Comparison): void {
  const left = lhs.value === undefined ? undefined : childrenOf(lhs);
  const right = rhs.value === undefined ? undefined : childrenOf(rhs);
  if ((lhs.value !== undefined && !left) || (rhs.value !== undefined && !right)) {
    if (lhs.value === undefined) insert(out.added, path);
    else if (rhs.value === undefined) insert(out.removed, path);
    else if (!isDeepStrictEqual(lhs.value, rhs.value)) insert(out.modified, path);
    return;
  }
  const absent = (typed: Typed): Typed => ({ value: undefined, field: typed.field, type: typed.type });
  for (const element of new Set([...(left?.keys() ?? []), ...(right?.keys() ?? [])])) {
    const l = left?.get(element);
    const r = right?.get(element);
    const childPath = [...path, element];
    compareAt(l ?? absent(r as Typed), r ?? absent(l as Typed), childPath, out);
    if (!l) insert(out.added, childPath);
    if (!r) insert(out.removed, childPath);
  }
}

/** Removes the item at `path` (a field, list item or set value) from `typed`'s value, in place. */
export function removePath(typed: Typed, path: readonly string[]): void {
  const [element, ...rest] = path;
  const children = childrenOf(typed);
  const child = children?.get(element);
  if (!child) return;
  if (rest.length > 0) return removePath(child, rest);
  if (Array.isArray(typed.value)) typed.value.splice(typed.value.indexOf(child.value), 1);
  else delete (typed.value as Record<string, unknown>)[element.slice(2)];
}
