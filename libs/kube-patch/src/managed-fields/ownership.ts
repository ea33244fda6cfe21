import { PatchError } from '../patch-error';
import { difference, intersection, isEmpty, paths, pathString, union } from './field-set';
import type { Managers } from './managers';
import { compare, type Comparison, type Typed } from './walk';

/**
 * Upstream's `merge.Updater.update`: other managers lose the fields this change removed and, when forced,
 * the fields it changed; without force, changing a field another manager owns is a conflict (409).
 */
export function transferOwnership(before: Typed, after: Typed, managers: Managers, self: string, force: boolean): Comparison {
  const comparison = compare(before, after);
  const changed = union(comparison.modified, comparison.added);
  const conflicts = new Map<string, string[][]>();
  for (const [id, manager] of managers) {
    if (id === self) continue;
    const conflicting = paths(intersection(manager.fields, changed));
    if (conflicting.length > 0) conflicts.set(id, conflicting);
  }
  if (!force && conflicts.size > 0) throw conflictError(conflicts);
  for (const [id, manager] of managers) {
    if (id === self) continue;
    manager.fields = difference(difference(manager.fields, changed), comparison.removed);
    if (isEmpty(manager.fields)) managers.delete(id);
  }
  return comparison;
}

/** Upstream's `printManager`: the manager's name, its subresource, and the API version of updaters. */
function printManager(id: string): string {
  const entry = JSON.parse(id) as { manager: string; operation: string; apiVersion?: string; subresource?: string };
  const name = JSON.stringify(entry.manager) + (entry.subresource ? ` with subresource ${JSON.stringify(entry.subresource)}` : '');
  return entry.operation === 'Update' ? `${name} using ${entry.apiVersion}` : name;
}

/** Upstream's `NewConflictError`, with `getConflictMessage`'s wording. */
function conflictError(conflicts: Map<string, string[][]>): PatchError {
  const sorted = [...conflicts.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  const causes = sorted.flatMap(([id, conflictPaths]) =>
    conflictPaths.map((path) => ({ type: 'FieldManagerConflict', message: `conflict with ${printManager(id)}`, field: pathString(path) })),
  );
  const message =
    causes.length === 1
      ? `Apply failed with 1 conflict: ${causes[0].message}: ${causes[0].field}`
      : `Apply failed with ${causes.length} conflicts: ${sorted
          .map(([id, conflictPaths]) => [`conflicts with ${printManager(id)}:`, ...conflictPaths.map((path) => `- ${pathString(path)}`)].join('\n'))
          .join('\n')}`;
  return new PatchError(409, message, causes);
}
