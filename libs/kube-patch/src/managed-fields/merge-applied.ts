import { childrenOf, type Typed } from './walk';

/**
 * Upstream's `TypedValue.Merge(config)`: the applied configuration wins for leaves and atomic values,
 * maps merge key by key and associative lists item by item. Returns a new value.
 */
export function mergeApplied(live: Typed, config: Typed): unknown {
  if (config.value === undefined) return structuredClone(live.value);
  if (live.value === undefined) return structuredClone(config.value);
  const left = childrenOf(live);
  const right = childrenOf(config);
  if (!left || !right || Array.isArray(live.value) !== Array.isArray(config.value)) return structuredClone(config.value);
  if (!Array.isArray(config.value)) {
    const out: Record<string, unknown> = {};
    for (const element of new Set([...left.keys(), ...right.keys()])) {
      const merged = mergeChild(left.get(element), right.get(element), live);
      if (merged !== undefined) out[element.slice(2)] = merged;
    }
    return out;
  }
  return mergeLists([...left.keys()], [...right.keys()], left, right, live);
}

function mergeChild(lhs: Typed | undefined, rhs: Typed | undefined, parent: Typed): unknown {
  const absent = { value: undefined, type: parent.type };
  return mergeApplied(lhs ?? { ...absent, field: rhs?.field }, rhs ?? { ...absent, field: lhs?.field });
}

/**
 * The item order of upstream's `mergingWalker.visitListItems`: live items keep their place, items both
 * lists share follow the configuration's order, and new items come where the configuration puts them.
 */
function mergeLists(lhsKeys: string[], rhsKeys: string[], lhs: Map<string, Typed>, rhs: Map<string, Typed>, parent: Typed): unknown[] {
  const out: unknown[] = [];
  const shared = rhsKeys.filter((key) => lhs.has(key));
  let nextShared = shared.shift();
  const merged = new Set<string>();
  const take = (key: string) => {
    merged.add(key);
    out.push(mergeChild(lhs.get(key), rhs.get(key), parent));
  };
  for (let l = 0, r = 0; l < lhsKeys.length || r < rhsKeys.length; ) {
    if (l < lhsKeys.length && r < rhsKeys.length) {
      if (lhsKeys[l] === rhsKeys[r]) {
        take(lhsKeys[l]);
        l++;
        r++;
        nextShared = shared.shift();
        continue;
      }
      if (rhs.has(lhsKeys[l]) && nextShared !== undefined && nextShared !== lhsKeys[l]) {
        l++;
        continue;
      }
    }
    if (l < lhsKeys.length) {
      if (!rhs.has(lhsKeys[l])) {
        out.push(structuredClone(lhs.get(lhsKeys[l])?.value));
        l++;
        continue;
      }
      if (merged.has(lhsKeys[l])) {
        l++;
        continue;
      }
    }
    if (r < rhsKeys.length) {
      take(rhsKeys[r]);
      if (nextShared === rhsKeys[r]) nextShared = shared.shift();
      r++;
    }
  }
  return out;
}
