import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kronicle/contracts';
import { resourceInfo } from '@kronicle/object-lifecycle';
import { garbageCollector } from '../garbage-collector/garbage-collector';
import { configMap, deleteWrite, namespace, now, refTo, TestCluster } from '../test-support';
import { namespaceController } from './namespace-controller';

const time = now.toISOString().replace('.000', '');

function cluster(): TestCluster {
  const c = new TestCluster([namespaceController, garbageCollector]);
  c.act([namespace('default'), namespace('doomed')]);
  return c;
}

const pod = (name: string, nodeName?: string): Parameters<TestCluster['act']>[0][number] => ({
  kind: 'create',
  resource: resourceInfo('', 'pods'),
  object: { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'doomed' }, spec: { containers: [{ name: 'c', image: 'nginx' }], ...(nodeName ? { nodeName } : {}) } },
});

const conditionsOf = (c: TestCluster) => ((c.get('namespaces', undefined, 'doomed')?.status ?? {}) as { conditions?: unknown[] }).conditions;

describe('namespace controller', () => {
  it('deletes everything in a terminating namespace, then the namespace, and nothing elsewhere', () => {
    const c = cluster();
    c.act([configMap('a', [], 'doomed'), configMap('b', [], 'doomed'), configMap('kept'), pod('p')]);
    c.act([configMap('child', [refTo(c.get('configmaps', 'doomed', 'a'))], 'doomed')]);

    c.act([deleteWrite('namespaces', undefined, 'doomed')]);

    expect(c.names('namespaces')).toEqual(['default']);
    expect(c.state.all().filter((s) => s.object.metadata.namespace === 'doomed')).toEqual([]);
    expect(c.names('configmaps', 'default')).toEqual(['kept']);
  });

  it('waits for content held by a finalizer, saying so in the namespace’s conditions as upstream', () => {
    const c = cluster();
    const held = configMap('held', [], 'doomed');
    if (held.kind === 'create') held.object.metadata.finalizers = ['example.com/hold'];
    c.act([held, configMap('free', [], 'doomed')]);

    c.act([deleteWrite('namespaces', undefined, 'doomed')]);

    expect(c.get('namespaces', undefined, 'doomed')?.status).toMatchObject({ phase: 'Terminating' });
    expect(conditionsOf(c)).toEqual([
      { type: 'NamespaceDeletionDiscoveryFailure', status: 'False', reason: 'ResourcesDiscovered', message: 'All resources successfully discovered', lastTransitionTime: time },
      { type: 'NamespaceDeletionGroupVersionParsingFailure', status: 'False', reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed', lastTransitionTime: time },
      { type: 'NamespaceDeletionContentFailure', status: 'False', reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization', lastTransitionTime: time },
      { type: 'NamespaceContentRemaining', status: 'True', reason: 'SomeResourcesRemain', message: 'Some resources are remaining: configmaps. has 1 resource instances', lastTransitionTime: time },
      { type: 'NamespaceFinalizersRemaining', status: 'True', reason: 'SomeFinalizerRemain', message: 'Some finalizers are remaining: example.com/hold in 1 resource instances', lastTransitionTime: time },
    ]);
    expect(c.names('configmaps', 'doomed')).toEqual(['held']);

    // When the finalizer's owner lets go, the namespace goes.
    const object = c.get('configmaps', 'doomed', 'held') as KubeObject;
    c.act([{ kind: 'update', resource: resourceInfo('', 'configmaps'), object: { ...object, metadata: { ...object.metadata, finalizers: [] } } }]);
    expect(c.names('namespaces')).toEqual(['default']);
  });

  it('waits for pods their kubelet must stop, without claiming finalizers hold them', () => {
    const c = cluster();
    c.act([pod('running', 'node-1')]);

    c.act([deleteWrite('namespaces', undefined, 'doomed')]);

    expect(c.get('pods', 'doomed', 'running')?.metadata.deletionTimestamp).toBeDefined();
    expect(conditionsOf(c)).toContainEqual(expect.objectContaining({ type: 'NamespaceContentRemaining', message: 'Some resources are remaining: pods. has 1 resource instances' }));
    expect(conditionsOf(c)).toContainEqual(expect.objectContaining({ type: 'NamespaceFinalizersRemaining', status: 'False', reason: 'ContentRemoved' }));

    // The kubelet confirms the end (grace period 0).
    c.act([{ kind: 'delete', resource: resourceInfo('', 'pods'), namespace: 'doomed', name: 'running', options: { gracePeriodSeconds: 0 } }]);
    expect(c.names('namespaces')).toEqual(['default']);
  });

  it('leaves a namespace alone while another spec finalizer holds it', () => {
    const c = cluster();
    const ns = c.get('namespaces', undefined, 'doomed') as KubeObject;
    // Through /finalize, the only write that changes spec.finalizers.
    c.act([{ kind: 'update', resource: resourceInfo('', 'namespaces'), subresource: 'finalize', object: { ...ns, spec: { finalizers: ['kubernetes', 'example.com/other'] } } }]);

    c.act([deleteWrite('namespaces', undefined, 'doomed')]);

    expect(c.get('namespaces', undefined, 'doomed')?.spec).toEqual({ finalizers: ['example.com/other'] });
  });

  it('finishes a namespace deletion it finds at start', () => {
    const c = cluster();
    c.act([configMap('a', [], 'doomed')]);
    c.write([deleteWrite('namespaces', undefined, 'doomed')]);

    c.settleFromStart();

    expect(c.names('namespaces')).toEqual(['default']);
  });
});
