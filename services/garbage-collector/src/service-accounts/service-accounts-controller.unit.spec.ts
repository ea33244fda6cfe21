import { describe, expect, it } from 'vitest';
import { resourceInfo } from '@kronicle/object-lifecycle';
import { garbageCollector } from '../garbage-collector/garbage-collector';
import { namespaceController } from '../namespace/namespace-controller';
import { deleteWrite, namespace, TestCluster } from '../test-support';
import { serviceAccountsController } from './service-accounts-controller';

const accounts = (c: TestCluster) => c.state.list({ group: '', resource: 'serviceaccounts' }).map((s) => `${s.object.metadata.namespace}/${s.object.metadata.name}`);

describe('ServiceAccounts controller', () => {
  it('gives every namespace a default ServiceAccount, as upstream', () => {
    const c = new TestCluster([serviceAccountsController]);
    c.act([namespace('default'), namespace('team-a')]);
    expect(accounts(c)).toEqual(['default/default', 'team-a/default']);
    expect(c.get('serviceaccounts', 'team-a', 'default')).toEqual(expect.objectContaining({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: expect.objectContaining({ name: 'default', namespace: 'team-a' }) }));
  });

  it('creates it again when it is deleted, and leaves other accounts alone', () => {
    const c = new TestCluster([serviceAccountsController]);
    c.act([namespace('team-a')]);
    c.act([{ kind: 'create', resource: resourceInfo('', 'serviceaccounts'), object: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot', namespace: 'team-a' } } }]);
    const first = c.get('serviceaccounts', 'team-a', 'default')?.metadata.uid;
    c.act([deleteWrite('serviceaccounts', 'team-a', 'default')]);
    expect(c.get('serviceaccounts', 'team-a', 'default')?.metadata.uid).not.toBe(first);
    c.act([deleteWrite('serviceaccounts', 'team-a', 'robot')]);
    expect(accounts(c)).toEqual(['team-a/default']);
  });

  it('after a restart, fills in the namespaces that have none', () => {
    const c = new TestCluster([serviceAccountsController]);
    c.write([namespace('kube-system'), namespace('team-a')]);
    expect(accounts(c)).toEqual([]);
    c.settleFromStart();
    expect(accounts(c)).toEqual(['kube-system/default', 'team-a/default']);
  });

  it('gives a terminating namespace none, so the namespace controller can empty it', () => {
    const c = new TestCluster([serviceAccountsController, namespaceController, garbageCollector]);
    c.act([namespace('doomed')]);
    c.act([deleteWrite('namespaces', undefined, 'doomed')]);
    expect(c.names('namespaces')).toEqual([]);
    expect(accounts(c)).toEqual([]);
  });
});
