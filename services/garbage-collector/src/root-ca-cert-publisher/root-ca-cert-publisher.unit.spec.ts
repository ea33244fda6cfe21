import { describe, expect, it } from 'vitest';
import { garbageCollector } from '../garbage-collector/garbage-collector';
import { namespaceController } from '../namespace/namespace-controller';
import { configMap, deleteWrite, namespace, now, TestCluster } from '../test-support';
import { resourceInfo } from '@kronicle/object-lifecycle';
import { CA_WAIT_MS, ROOT_CA_CONFIG_MAP, rootCaCertPublisher } from './root-ca-cert-publisher';

const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const publisher = rootCaCertPublisher(() => CA);
const published = (c: TestCluster) =>
  c.state
    .list({ group: '', resource: 'configmaps' })
    .map((s) => `${s.object.metadata.namespace}/${s.object.metadata.name}`)
    .sort();
const rootCa = (c: TestCluster, ns: string) => c.get('configmaps', ns, ROOT_CA_CONFIG_MAP) as ({ data?: Record<string, string> } & ReturnType<TestCluster['get']>) | undefined;

describe('root CA certificate publisher', () => {
  it('gives every namespace the kube-root-ca.crt ConfigMap, as upstream', () => {
    const c = new TestCluster([publisher]);
    c.act([namespace('default'), namespace('team-a')]);
    expect(published(c)).toEqual(['default/kube-root-ca.crt', 'team-a/kube-root-ca.crt']);
    expect(rootCa(c, 'team-a')).toMatchObject({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'kube-root-ca.crt',
        namespace: 'team-a',
        annotations: {
          'kubernetes.io/description':
            'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.',
        },
      },
      data: { 'ca.crt': CA },
    });
  });

  it('creates it again when it is deleted, and puts back data or a description that were changed', () => {
    const c = new TestCluster([publisher]);
    c.act([namespace('team-a')]);
    const first = rootCa(c, 'team-a')!.metadata.uid;
    c.act([deleteWrite('configmaps', 'team-a', ROOT_CA_CONFIG_MAP)]);
    expect(rootCa(c, 'team-a')!.metadata.uid).not.toBe(first);

    const current = rootCa(c, 'team-a')!;
    const edited = { ...current, metadata: { ...current.metadata, annotations: { team: 'a' } }, data: { 'ca.crt': 'forged', extra: 'x' } };
    c.act([{ kind: 'update', resource: resourceInfo('', 'configmaps'), object: edited }]);
    expect(rootCa(c, 'team-a')).toMatchObject({ metadata: { annotations: { team: 'a', 'kubernetes.io/description': expect.stringContaining('Contains a CA bundle') } }, data: { 'ca.crt': CA } });
    expect(Object.keys(rootCa(c, 'team-a')!.data!)).toEqual(['ca.crt']);
  });

  it('after a restart, fills in the namespaces that have none, and leaves other ConfigMaps alone', () => {
    const c = new TestCluster([publisher]);
    c.write([namespace('kube-system'), namespace('team-a')]);
    c.write([{ kind: 'create', resource: resourceInfo('', 'configmaps'), object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'team-a' }, data: { a: '1' } } }]);
    c.settleFromStart();
    expect(published(c)).toEqual(['kube-system/kube-root-ca.crt', 'team-a/kube-root-ca.crt', 'team-a/settings']);
    expect(c.get('configmaps', 'team-a', 'settings')).toMatchObject({ data: { a: '1' } });
  });

  it('waits for the CA without holding up the collector beside it, then publishes it', () => {
    let ca: string | undefined;
    const waiting = rootCaCertPublisher(() => ca);
    const c = new TestCluster([waiting, garbageCollector]);
    // A dependent whose owner is gone: the collector deletes it while the CA is still unknown.
    c.act([namespace('team-a')]);
    c.act([configMap('owner', [], 'team-a'), configMap('dependent', [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: 'gone' }], 'team-a')]);
    expect(published(c)).toEqual(['team-a/owner']);
    expect(waiting.reconcile('team-a', c.state, now)).toEqual({ writes: [], requeueAfterMs: CA_WAIT_MS });
    ca = CA;
    c.settleFromStart();
    expect(published(c)).toEqual(['team-a/kube-root-ca.crt', 'team-a/owner']);
  });

  it('gives a terminating namespace none, so the namespace controller can empty it', () => {
    const c = new TestCluster([publisher, namespaceController, garbageCollector]);
    c.act([namespace('doomed')]);
    c.act([deleteWrite('namespaces', undefined, 'doomed')]);
    expect(c.names('namespaces')).toEqual([]);
    expect(published(c)).toEqual([]);
  });
});
