import { type FieldCause, child, index, invalid, notSupported, required } from '../field-error';
import { GoText, goQuote, goStringSlice } from '../go-value';
import { type Json, dns1123Subdomain, invalidEach } from './common';
import { validateLabelSelector } from './labels';
import { nameIsPathSegment } from './names';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** Upstream rbac `ValidatePolicyRule`. */
function validatePolicyRule(rule: Json, namespaced: boolean, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  const length = (field: string) => (Array.isArray(rule[field]) ? rule[field].length : 0);
  if (length('verbs') === 0) causes.push(required(child(path, 'verbs'), 'verbs must contain at least one value'));
  if (length('nonResourceURLs') > 0) {
    const urls = goStringSlice(rule.nonResourceURLs);
    if (namespaced) causes.push(invalid(child(path, 'nonResourceURLs'), urls, 'namespaced rules cannot apply to non-resource URLs'));
    if (length('apiGroups') > 0 || length('resources') > 0 || length('resourceNames') > 0)
      causes.push(invalid(child(path, 'nonResourceURLs'), urls, 'rules cannot apply to both regular resources and non-resource URLs'));
    return causes;
  }
  if (length('apiGroups') === 0) causes.push(required(child(path, 'apiGroups'), 'resource rules must supply at least one api group'));
  if (length('resources') === 0) causes.push(required(child(path, 'resources'), 'resource rules must supply at least one resource'));
  return causes;
}

const rules = (role: Json, namespaced: boolean) => ((role.rules ?? []) as Json[]).flatMap((rule, i) => validatePolicyRule(rule, namespaced, index('rules', i)));

/** Upstream rbac `ValidateRole`. */
export function validateRole(role: Json): FieldCause[] {
  return rules(role, true);
}

/** Upstream rbac `ValidateClusterRole`: its rules, and the selectors of an aggregated role. */
export function validateClusterRole(role: Json): FieldCause[] {
  const causes = rules(role, false);
  const aggregation = role.aggregationRule;
  if (aggregation) {
    const selectors: Json[] = aggregation.clusterRoleSelectors ?? [];
    if (selectors.length === 0) causes.push(required('aggregationRule.clusterRoleSelectors', 'at least one clusterRoleSelector required if aggregationRule is non-nil'));
    selectors.forEach((selector, i) => causes.push(...validateLabelSelector(selector, index('aggregationRule.clusterRoleSelectors', i))));
  }
  return causes;
}

/** Upstream rbac `ValidateRoleBindingSubject`. */
function validateSubject(subject: Json, namespaced: boolean, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  const name: string = subject.name ?? '';
  const apiGroup: string = subject.apiGroup ?? '';
  if (!name) causes.push(required(child(path, 'name')));
  switch (subject.kind) {
    case 'ServiceAccount':
      if (name) causes.push(...dns1123Subdomain(name, child(path, 'name')));
      if (apiGroup) causes.push(notSupported(child(path, 'apiGroup'), apiGroup, ['']));
      if (!namespaced && !subject.namespace) causes.push(required(child(path, 'namespace')));
      break;
    case 'User':
    case 'Group':
      if (apiGroup !== RBAC_GROUP) causes.push(notSupported(child(path, 'apiGroup'), apiGroup, [RBAC_GROUP]));
      break;
    default:
      causes.push(notSupported(child(path, 'kind'), subject.kind ?? '', ['ServiceAccount', 'User', 'Group']));
  }
  return causes;
}

function validateBinding(binding: Json, roleKinds: readonly string[], namespaced: boolean): FieldCause[] {
  const causes: FieldCause[] = [];
  const ref = binding.roleRef ?? {};
  if ((ref.apiGroup ?? '') !== RBAC_GROUP) causes.push(notSupported('roleRef.apiGroup', ref.apiGroup ?? '', [RBAC_GROUP]));
  if (!roleKinds.includes(ref.kind)) causes.push(notSupported('roleRef.kind', ref.kind ?? '', roleKinds));
  if (!ref.name) causes.push(required('roleRef.name'));
  else causes.push(...invalidEach('roleRef.name', ref.name, nameIsPathSegment(ref.name, false)));
  ((binding.subjects ?? []) as Json[]).forEach((subject, i) => causes.push(...validateSubject(subject, namespaced, index('subjects', i))));
  return causes;
}

/** `%#v` of an `rbac.RoleRef`, as upstream prints a changed one. */
const goRoleRef = (ref: Json) => new GoText(`rbac.RoleRef{APIGroup:${goQuote(ref?.apiGroup ?? '')}, Kind:${goQuote(ref?.kind ?? '')}, Name:${goQuote(ref?.name ?? '')}}`);

function roleRefUnchanged(binding: Json, old: Json): FieldCause[] {
  const [a, b] = [binding.roleRef ?? {}, old.roleRef ?? {}];
  const same = (a.apiGroup ?? '') === (b.apiGroup ?? '') && (a.kind ?? '') === (b.kind ?? '') && (a.name ?? '') === (b.name ?? '');
  return same ? [] : [invalid('roleRef', goRoleRef(a), 'cannot change roleRef')];
}

/** Upstream rbac `ValidateRoleBinding`: a Role or ClusterRole, and subjects a namespace's binding may name. */
export function validateRoleBinding(binding: Json): FieldCause[] {
  return validateBinding(binding, ['Role', 'ClusterRole'], true);
}

export function validateRoleBindingUpdate(binding: Json, old: Json): FieldCause[] {
  return [...validateRoleBinding(binding), ...roleRefUnchanged(binding, old)];
}

/** Upstream rbac `ValidateClusterRoleBinding`: only a ClusterRole, and ServiceAccounts with their namespace. */
export function validateClusterRoleBinding(binding: Json): FieldCause[] {
  return validateBinding(binding, ['ClusterRole'], false);
}

export function validateClusterRoleBindingUpdate(binding: Json, old: Json): FieldCause[] {
  return [...validateClusterRoleBinding(binding), ...roleRefUnchanged(binding, old)];
}
