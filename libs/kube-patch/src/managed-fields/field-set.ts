/**
 * A set of field paths, as structured-merge-diff's `fieldpath.Set`: a tree whose edges are path
 * elements written as in `FieldsV1` (`f:name`, `k:{"name":"nginx"}`, `v:"finalizer"`), and whose nodes
 * say whether the path itself is in the set (`member`) besides paths below it.
 */
export interface FieldSet {
  member: boolean;
  children: Map<string, FieldSet>;
}

export const emptySet = (): FieldSet => ({ member: false, children: new Map() });

export function insert(set: FieldSet, path: readonly string[]): void {
  let node = set;
  for (const element of path) {
    let child = node.children.get(element);
    if (!child) node.children.set(element, (child = emptySet()));
    node = child;
  }
  node.member = true;
}

export function isEmpty(set: FieldSet): boolean {
  return !set.member && [...set.children.values()].every(isEmpty);
}

export function union(a: FieldSet, b: FieldSet): FieldSet {
  const out: FieldSet = { member: a.member || b.member, children: new Map() };
  for (const key of new Set([...a.children.keys(), ...b.children.keys()])) {
    out.children.set(key, union(a.children.get(key) ?? emptySet(), b.children.get(key) ?? emptySet()));
  }
  return out;
}

export function intersection(a: FieldSet, b: FieldSet): FieldSet {
  const out: FieldSet = { member: a.member && b.member, children: new Map() };
  for (const [key, child] of a.children) {
    const other = b.children.get(key);
    if (other) out.children.set(key, intersection(child, other));
  }
  return prune(out);
}

export function difference(a: FieldSet, b: FieldSet): FieldSet {
  const out: FieldSet = { member: a.member && !b.member, children: new Map() };
  for (const [key, child] of a.children) out.children.set(key, difference(child, b.children.get(key) ?? emptySet()));
  return prune(out);
}

function prune(set: FieldSet): FieldSet {
  for (const [key, child] of set.children) if (isEmpty(child)) set.children.delete(key);
  return set;
}

/**
 * Every path of the set that leads to a field (`f:`) also made a member, as upstream's
 * `EnsureNamedFieldsAreMembers`, so that pruning a field never removes a parent someone still owns below.
 * Simplification: Kronicle has no struct schema, so every field name counts as a named field.
 */
export function withFieldParents(set: FieldSet, isField = false): FieldSet {
  const out: FieldSet = { member: set.member || (isField && set.children.size > 0), children: new Map() };
  for (const [key, child] of set.children) out.children.set(key, withFieldParents(child, key.startsWith('f:')));
  return out;
}

/** The member paths, members before deeper paths and each level in `FieldsV1` order, as `Set.Iterate`. */
export function paths(set: FieldSet, prefix: string[] = []): string[][] {
  const sorted = [...set.children.entries()].sort(([a], [b]) => compareElements(a, b));
  return [
    ...sorted.filter(([, child]) => child.member).map(([key]) => [...prefix, key]),
    ...sorted.flatMap(([key, child]) => paths({ member: false, children: child.children }, [...prefix, key])),
  ];
}

/** Upstream's `PathElement.Compare`: fields, then keys (fewer fields first), then values, each in order. */
export function compareElements(a: string, b: string): number {
  const rank = (element: string) => 'fkvi'.indexOf(element[0]);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  const [va, vb] = [a.slice(2), b.slice(2)];
  if (a[0] === 'f') return va < vb ? -1 : va > vb ? 1 : 0;
  if (a[0] === 'k') {
    const [ka, kb] = [Object.entries(JSON.parse(va)), Object.entries(JSON.parse(vb))];
    if (ka.length !== kb.length) return ka.length - kb.length;
    for (let i = 0; i < ka.length; i++) {
      const byName = ka[i][0] < kb[i][0] ? -1 : ka[i][0] > kb[i][0] ? 1 : 0;
      const byValue = byName || compareValues(ka[i][1], kb[i][1]);
      if (byValue) return byValue;
    }
    return 0;
  }
  return compareValues(JSON.parse(va), JSON.parse(vb));
}

function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const [sa, sb] = [typeof a === 'string' ? a : JSON.stringify(a), typeof b === 'string' ? b : JSON.stringify(b)];
  if (typeof a !== typeof b) return typeof a < typeof b ? -1 : 1;
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** A path as upstream prints it in conflict messages: `.spec.containers[name="nginx"].image`. */
export function pathString(path: readonly string[]): string {
  return path
    .map((element) => {
      const body = element.slice(2);
      if (element.startsWith('f:')) return `.${body}`;
      if (element.startsWith('v:')) return `[=${body}]`;
      if (element.startsWith('i:')) return `[${body}]`;
      const key = Object.entries(JSON.parse(body) as Record<string, unknown>);
      return `[${key.map(([name, value]) => `${name}=${JSON.stringify(value)}`).join(',')}]`;
    })
    .join('');
}

/** The set in `FieldsV1` form: a member with children carries a `.` entry. */
export function toFieldsV1(set: FieldSet): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const sorted = [...set.children.entries()].sort(([a], [b]) => compareElements(a, b));
  for (const [key, child] of sorted) {
    const inner = toFieldsV1(child);
    out[key] = child.member && child.children.size > 0 ? { '.': {}, ...inner } : inner;
  }
  return out;
}

export function fromFieldsV1(fields: unknown): FieldSet {
  const set = emptySet();
  for (const [key, value] of Object.entries((fields ?? {}) as Record<string, unknown>)) {
    if (key === '.') continue;
    const child = fromFieldsV1(value);
    const entries = Object.keys((value ?? {}) as object);
    child.member = entries.length === 0 || entries.includes('.');
    set.children.set(key, child);
  }
  return set;
}
