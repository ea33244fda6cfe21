// The audit must see what it looks for: a log with a decision applied twice fails it.
import { describe, expect, it } from 'vitest';
import { ObjectEventType, type KubeObject, type RecordedEvent } from '@kronicle/contracts';
import { LogAudit } from './log-audit';

const rs: KubeObject = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-1', namespace: 'ns', uid: 'rs-1', labels: { 'pod-template-hash': 'h1' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd-1', controller: true }] }, spec: { replicas: 2 } };
const pod = (name: string, extra: Partial<KubeObject['metadata']> = {}, nodeName?: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'ns', uid: `uid-${name}`, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'rs-1', controller: true }], ...extra },
  spec: nodeName ? { nodeName } : {},
});

function logOf(...entries: [type: string, group: string, resource: string, object: KubeObject, subresource?: string][]): RecordedEvent[] {
  const versions = new Map<string, number>();
  return entries.map(([type, group, resource, object, subresource], i) => {
    const streamId = `k8s/${group || 'core'}/${resource}/${object.metadata.namespace}/${object.metadata.name}`;
    versions.set(streamId, (versions.get(streamId) ?? 0) + 1);
    return { id: `e${i}`, position: i + 1, streamId, streamVersion: versions.get(streamId)!, type, data: { group, resource, object, subresource }, metadata: { correlationId: `c${i}`, actor: 'service:test', time: '' } };
  });
}

const audit = (events: RecordedEvent[]) => new LogAudit({ readAll: async (after, limit) => events.filter((e) => e.position > after).slice(0, limit) }).audit();

describe('LogAudit', () => {
  it('passes a ReplicaSet that creates up to its replicas, replaces a deleted pod and binds each pod once', async () => {
    const report = await audit(
      logOf(
        [ObjectEventType.Created, 'apps', 'replicasets', rs],
        [ObjectEventType.Created, '', 'pods', pod('a')],
        [ObjectEventType.Created, '', 'pods', pod('b')],
        [ObjectEventType.Updated, '', 'pods', pod('a', {}, 'node-1'), 'binding'],
        [ObjectEventType.Updated, '', 'pods', pod('b', { deletionTimestamp: '2026-01-01T00:00:00Z' })],
        [ObjectEventType.Created, '', 'pods', pod('c')],
      ),
    );
    expect(report.violations).toEqual([]);
  });

  it('flags a create beyond replicas, a second binding, a create over a live object and a second ReplicaSet for one hash', async () => {
    const report = await audit(
      logOf(
        [ObjectEventType.Created, 'apps', 'replicasets', rs],
        [ObjectEventType.Created, '', 'pods', pod('a')],
        [ObjectEventType.Created, '', 'pods', pod('b')],
        [ObjectEventType.Created, '', 'pods', pod('c')],
        [ObjectEventType.Updated, '', 'pods', pod('a', {}, 'node-1'), 'binding'],
        [ObjectEventType.Updated, '', 'pods', pod('a', {}, 'node-2'), 'binding'],
        [ObjectEventType.Created, 'apps', 'replicasets', { ...rs, metadata: { ...rs.metadata, name: 'web-2', uid: 'rs-2' } }],
      ),
    );
    expect(report.violations.map((v) => v.split(': ').slice(1).join(': '))).toEqual([
      'ReplicaSet rs-1 now has 3 active pods, replicas 2',
      'bound again (to node-2; first to node-1)',
      'moved from node node-1 to node-2',
      'a second ReplicaSet for template hash h1 of Deployment d-1 (first: k8s/apps/replicasets/ns/web-1)',
    ]);
  });
});
