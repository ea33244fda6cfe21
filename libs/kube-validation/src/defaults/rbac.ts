import type { Json } from '../validation/common';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** Upstream rbac/v1 `SetDefaults_RoleBinding`, `SetDefaults_ClusterRoleBinding` and `SetDefaults_Subject`. */
export function defaultBinding(binding: Json): void {
  if (binding.roleRef && !binding.roleRef.apiGroup) binding.roleRef.apiGroup = RBAC_GROUP;
  for (const subject of (binding.subjects ?? []) as Json[]) {
    if (!subject.apiGroup && (subject.kind === 'User' || subject.kind === 'Group')) subject.apiGroup = RBAC_GROUP;
  }
}
