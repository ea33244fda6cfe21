import type { KubeObject } from '@kronicle/contracts';
import { describe, expect, it } from 'vitest';
import { toTable } from './to-table';

const now = new Date('2025-01-01T12:00:00Z');
const metadata = { name: 'p1', namespace: 'default', uid: 'u1', resourceVersion: '7', creationTimestamp: '2025-01-01T11:59:00Z' };
const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata, spec: { containers: [{ name: 'c' }] }, status: { phase: 'Running' } };

describe('toTable', () => {
  it('given a pod list, then it answers a meta.k8s.io/v1 Table with partial object metadata by default', () => {
    const table = toTable({ group: '', resource: 'pods', objects: [pod], now, listMeta: { resourceVersion: '9', continue: 'abc' } });
    expect(table.kind).toBe('Table');
    expect(table.apiVersion).toBe('meta.k8s.io/v1');
    expect(table.metadata).toEqual({ resourceVersion: '9', continue: 'abc' });
    expect(table.columnDefinitions[0]).toMatchObject({ name: 'Name', type: 'string', format: 'name', priority: 0 });
    expect(table.rows).toEqual([
      {
        cells: ['p1', '0/1', 'Running', '0', '60s', '<none>', '<none>', '<none>', '<none>'],
        object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata },
      },
    ]);
  });

  it('given includeObject Object or None, then rows carry the whole object or null', () => {
    expect(toTable({ group: '', resource: 'pods', objects: [pod], now, includeObject: 'Object' }).rows[0]!.object).toBe(pod);
    expect(toTable({ group: '', resource: 'pods', objects: [pod], now, includeObject: 'None' }).rows[0]!.object).toBeNull();
  });

  it('given no objects, then the table has columns and no rows', () => {
    const table = toTable({ group: 'apps', resource: 'deployments', objects: [], now });
    expect(table.rows).toEqual([]);
    expect(table.metadata).toEqual({});
    expect(table.columnDefinitions.map((c) => c.name)).toContain('Up-to-date');
  });

  it('given a resource without a printer, then it falls back to upstream\'s default table', () => {
    const widget: KubeObject = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', creationTimestamp: '2024-06-01T10:00:00Z' } };
    const table = toTable({ group: 'example.com', resource: 'widgets', objects: [widget, { ...widget, metadata: { name: 'x' } }], now });
    expect(table.columnDefinitions.map((c) => [c.name, c.type, c.format])).toEqual([['Name', 'string', 'name'], ['Created At', 'date', '']]);
    expect(table.rows.map((r) => r.cells)).toEqual([['w', '2024-06-01T10:00:00Z'], ['x', '0001-01-01T00:00:00Z']]);
  });
});
