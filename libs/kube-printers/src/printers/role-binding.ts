import type { KubeObject } from '@kronicle/contracts';
import { ageColumn, column, nameColumn, wideColumn } from '../columns';
import type { Printer } from '../printer';
import { since } from '../timestamp';

interface Subject {
  kind?: string;
  name?: string;
  namespace?: string;
}
type Binding = KubeObject & { roleRef?: { kind?: string; name?: string }; subjects?: Subject[] };

/** Upstream rbac `SubjectsStrings`: users, groups and `namespace/name` of service accounts. */
function subjectCells(subjects: Subject[]): string[] {
  const of = (kind: string, show: (s: Subject) => string) => subjects.filter((s) => s.kind === kind).map(show).join(', ');
  return [of('User', (s) => s.name ?? ''), of('Group', (s) => s.name ?? ''), of('ServiceAccount', (s) => `${s.namespace ?? ''}/${s.name ?? ''}`)];
}

/** Upstream's RoleBinding and ClusterRoleBinding columns (the Role column described by rbac/v1beta1's roleRef, as upstream does). */
function bindingPrinter(kind: 'roleBinding' | 'clusterRoleBinding', roleRefDoc: string): Printer {
  return {
    columns: [
      nameColumn,
      column('Role', 'string', roleRefDoc),
      ageColumn,
      wideColumn('Users', 'string', `Users in the ${kind}`),
      wideColumn('Groups', 'string', `Groups in the ${kind}`),
      wideColumn('ServiceAccounts', 'string', `ServiceAccounts in the ${kind}`),
    ],
    cells(object, now) {
      const binding = object as Binding;
      return [binding.metadata.name ?? '', `${binding.roleRef?.kind ?? ''}/${binding.roleRef?.name ?? ''}`, since(binding.metadata.creationTimestamp, now), ...subjectCells(binding.subjects ?? [])];
    },
  };
}

const AUTHORIZER_ERROR = 'If the RoleRef cannot be resolved, the Authorizer must return an error.';
export const roleBindingPrinter = bindingPrinter('roleBinding', `RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. ${AUTHORIZER_ERROR}`);
export const clusterRoleBindingPrinter = bindingPrinter('clusterRoleBinding', `RoleRef can only reference a ClusterRole in the global namespace. ${AUTHORIZER_ERROR}`);
