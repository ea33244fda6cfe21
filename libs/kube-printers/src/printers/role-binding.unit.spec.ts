import type { KubeObject } from '@kronicle/contracts';
import { describe, expect, it } from 'vitest';
import { printerFor } from './printer-registry';

const now = new Date('2025-01-01T12:00:00Z');
const binding = (kind: string, fields: object): KubeObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata: { name: 'read-pods', creationTimestamp: '2025-01-01T11:00:00Z' }, ...fields,
});

describe('RBAC printers', () => {
  it('given a RoleBinding, then NAME, ROLE, AGE and the wide USERS, GROUPS, SERVICEACCOUNTS as upstream', () => {
    const printer = printerFor('rbac.authorization.k8s.io', 'rolebindings');
    expect(printer.columns.map((c) => [c.name, c.priority])).toEqual([['Name', 0], ['Role', 0], ['Age', 0], ['Users', 1], ['Groups', 1], ['ServiceAccounts', 1]]);
    const subjects = [
      { kind: 'User', name: 'jane' },
      { kind: 'ServiceAccount', name: 'robot', namespace: 'ci' },
      { kind: 'User', name: 'joe' },
      { kind: 'Group', name: 'devs' },
    ];
    expect(printer.cells(binding('RoleBinding', { roleRef: { kind: 'Role', name: 'pod-reader' }, subjects }), now)).toEqual(['read-pods', 'Role/pod-reader', '60m', 'jane, joe', 'devs', 'ci/robot']);
  });

  it('given a ClusterRoleBinding without subjects, then its wide cells are empty', () => {
    const printer = printerFor('rbac.authorization.k8s.io', 'clusterrolebindings');
    expect(printer.columns[3].description).toBe('Users in the clusterRoleBinding');
    expect(printer.cells(binding('ClusterRoleBinding', { roleRef: { kind: 'ClusterRole', name: 'view' } }), now)).toEqual(['read-pods', 'ClusterRole/view', '60m', '', '', '']);
  });

  it('given a Role or ClusterRole, then NAME and CREATED AT, as upstream', () => {
    for (const resource of ['roles', 'clusterroles']) {
      const printer = printerFor('rbac.authorization.k8s.io', resource);
      expect(printer.columns.map((c) => [c.name, c.type])).toEqual([['Name', 'string'], ['Created At', 'date']]);
      expect(printer.cells(binding('Role', {}), now)).toEqual(['read-pods', '2025-01-01T11:00:00Z']);
    }
  });
});
