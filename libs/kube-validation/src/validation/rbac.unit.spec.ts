import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kronicle/contracts';
import { applyDefaults, fieldErrorString, validateCreate, validateUpdate } from '../index';

const messages = (o: KubeObject, old?: KubeObject) => (old ? validateUpdate(o, old) : validateCreate(o)).map(fieldErrorString);
const rbac = (kind: string, name: string, body: Record<string, unknown>, namespace?: string) =>
  applyDefaults({ apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata: { name, ...(namespace ? { namespace } : {}) }, ...body });

describe('RBAC validation', () => {
  it('given the pod-reader Role of the docs, when validated, then it is accepted', () => {
    expect(messages(rbac('Role', 'pod-reader', { rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'watch', 'list'] }] }, 'default'))).toEqual([]);
  });

  it('given rules without verbs, groups or resources, or with URLs in a namespace, when validated, then each is reported as upstream', () => {
    expect(messages(rbac('Role', 'r', { rules: [{}, { nonResourceURLs: ['/healthz'], verbs: ['get'], resources: ['pods'] }] }, 'default'))).toEqual([
      'rules[0].verbs: Required value: verbs must contain at least one value',
      'rules[0].apiGroups: Required value: resource rules must supply at least one api group',
      'rules[0].resources: Required value: resource rules must supply at least one resource',
      'rules[1].nonResourceURLs: Invalid value: []string{"/healthz"}: namespaced rules cannot apply to non-resource URLs',
      'rules[1].nonResourceURLs: Invalid value: []string{"/healthz"}: rules cannot apply to both regular resources and non-resource URLs',
    ]);
    expect(messages(rbac('ClusterRole', 'health', { rules: [{ nonResourceURLs: ['/healthz'], verbs: ['get'] }] }))).toEqual([]);
  });

  it('given an aggregated ClusterRole without selectors, when validated, then it needs one', () => {
    expect(messages(rbac('ClusterRole', 'agg', { aggregationRule: { clusterRoleSelectors: [] } }))).toEqual([
      'aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil',
    ]);
  });

  it('given names with a slash or only dots, when validated, then they are refused as path segments', () => {
    expect(messages(rbac('ClusterRole', 'a/b', {}))).toEqual(["metadata.name: Invalid value: \"a/b\": may not contain '/'"]);
    expect(messages(rbac('ClusterRole', '..', {}))).toEqual(["metadata.name: Invalid value: \"..\": may not be '..'"]);
    expect(messages(rbac('ClusterRole', 'system:aggregate-to-view', {}))).toEqual([]);
  });

  it('given bindings without groups, when defaulted, then the roleRef and User and Group subjects get the RBAC group', () => {
    const binding = rbac('RoleBinding', 'read-pods', { roleRef: { kind: 'Role', name: 'pod-reader' }, subjects: [{ kind: 'User', name: 'jane' }, { kind: 'ServiceAccount', name: 'robot' }] }, 'default');
    expect(binding).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' },
      subjects: [{ kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' }, { kind: 'ServiceAccount', name: 'robot' }],
    });
    expect(messages(binding)).toEqual([]);
  });

  it('given bad role references and subjects, when validated, then each is reported as upstream', () => {
    const binding = rbac('ClusterRoleBinding', 'b', { roleRef: { apiGroup: 'example.com', kind: 'Role', name: '' }, subjects: [{ kind: 'ServiceAccount', name: 'robot' }, { kind: 'Robot', name: 'r2' }, { kind: 'User', name: '', apiGroup: 'x' }] });
    expect(messages(binding)).toEqual([
      'roleRef.apiGroup: Unsupported value: "example.com": supported values: "rbac.authorization.k8s.io"',
      'roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"',
      'roleRef.name: Required value',
      'subjects[0].namespace: Required value',
      'subjects[1].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"',
      'subjects[2].name: Required value',
      'subjects[2].apiGroup: Unsupported value: "x": supported values: "rbac.authorization.k8s.io"',
    ]);
  });

  it('given a binding whose role changes, when updated, then the roleRef may not change', () => {
    const before = rbac('RoleBinding', 'b', { roleRef: { kind: 'Role', name: 'a' } }, 'default');
    const after = rbac('RoleBinding', 'b', { roleRef: { kind: 'ClusterRole', name: 'view' } }, 'default');
    expect(messages(after, before)).toEqual(['roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"view"}: cannot change roleRef']);
    expect(messages(before, before)).toEqual([]);
  });
});
