import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kronicle/contracts';
import { resourceInfo } from '@kronicle/object-lifecycle';
import { configMap, deleteWrite, namespace, refTo, TestCluster } from '../test-support';
import { garbageCollector } from './garbage-collector';

const blocking = { blockOwnerDeletion: true };

/** A cluster with the `default` namespace and the collector running. */
function cluster(): TestCluster {
  const c = new TestCluster([garbageCollector]);
  c.act([namespace('default')]);
  return c;
}

const cm = (c: TestCluster, name: string, ns = 'default') => c.get('configmaps', ns, name);

describe('garbage collector, background deletion', () => {
  it('deletes the dependents of a deleted owner, and theirs in turn, and nothing else', () => {
    const c = cluster();
    c.act([configMap('owner'), configMap('bystander')]);
    c.act([configMap('child', [refTo(cm(c, 'owner'))])]);
    c.act([configMap('grandchild', [refTo(cm(c, 'child'))])]);

    c.act([deleteWrite('configmaps', 'default', 'owner')]);

    expect(c.names('configmaps', 'default')).toEqual(['bystander']);
  });

  it('treats a new object with the owner’s name as a different owner', () => {
    const c = cluster();
    c.act([configMap('owner')]);
    c.act([configMap('child', [refTo(cm(c, 'owner'))])]);

    // The owner is deleted and re-created before the collector looks.
    c.write([deleteWrite('configmaps', 'default', 'owner')]);
    c.write([configMap('owner')]);
    c.settleFromStart();

    expect(c.names('configmaps', 'default')).toEqual(['owner']);
  });

  it('deletes an object whose owner never existed', () => {
    const c = cluster();
    c.act([configMap('child', [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'ghost', uid: 'no-such-uid' }])]);
    expect(c.names('configmaps', 'default')).toEqual([]);
  });

  it('keeps a dependent while one of its owners lives, dropping its reference to the one that is gone', () => {
    const c = cluster();
    c.act([configMap('a'), configMap('b')]);
    c.act([configMap('shared', [refTo(cm(c, 'a')), refTo(cm(c, 'b'))])]);

    c.act([deleteWrite('configmaps', 'default', 'a')]);
    expect(cm(c, 'shared')?.metadata.ownerReferences).toEqual([refTo(cm(c, 'b'))]);

    c.act([deleteWrite('configmaps', 'default', 'b')]);
    expect(c.names('configmaps', 'default')).toEqual([]);
  });

  it('leaves alone objects without owners and objects whose owner kind is not served', () => {
    const c = cluster();
    c.act([configMap('plain'), configMap('odd', [{ apiVersion: 'example.com/v1', kind: 'Widget', name: 'w', uid: 'u' }])]);
    expect(c.names('configmaps', 'default')).toEqual(['odd', 'plain']);
  });

  it('honours a cluster-scoped owner of a namespaced dependent', () => {
    const c = cluster();
    c.act([namespace('team')]);
    c.act([configMap('child', [refTo(c.get('namespaces', undefined, 'team'))])]);
    expect(c.names('configmaps', 'default')).toEqual(['child']);
  });
});

describe('garbage collector, namespaces of owners', () => {
  const eventsIn = (c: TestCluster, ns: string) => c.state.list({ group: '', resource: 'events', namespace: ns }).map((s) => s.object as KubeObject & Record<string, unknown>);

  it('looks for a namespaced owner in the dependent’s namespace only, and warns once', () => {
    const c = cluster();
    c.act([namespace('other')]);
    c.act([configMap('owner', [], 'other')]);
    const owner = cm(c, 'owner', 'other');
    c.act([configMap('child', [refTo(owner)])]);

    expect(c.names('configmaps', 'default')).toEqual([]);
    expect(eventsIn(c, 'default')).toEqual([
      expect.objectContaining({
        type: 'Warning',
        reason: 'OwnerRefInvalidNamespace',
        message: `ownerRef [v1/ConfigMap, namespace: default, name: owner, uid: ${owner?.metadata.uid}] does not exist in namespace "default"`,
        involvedObject: expect.objectContaining({ kind: 'ConfigMap', name: 'child', namespace: 'default' }),
        source: { component: 'garbage-collector-controller' },
      }),
    ]);
  });

  it('never collects a cluster-scoped object naming a namespaced owner, and warns in default', () => {
    const c = cluster();
    c.act([configMap('owner')]);
    c.act([{ kind: 'create', resource: resourceInfo('', 'namespaces'), object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'owned', ownerReferences: [refTo(cm(c, 'owner'))] } } }]);
    c.act([deleteWrite('configmaps', 'default', 'owner')]);
    c.settleFromStart();

    expect(c.get('namespaces', undefined, 'owned')).toBeDefined();
    expect(eventsIn(c, 'default').map((e) => [e.reason, (e.involvedObject as { name: string }).name])).toEqual([['OwnerRefInvalidNamespace', 'owned']]);
  });
});

describe('garbage collector, foreground deletion', () => {
  it('deletes the owner only after its blocking dependents, and those after their own', () => {
    const c = cluster();
    c.act([configMap('owner')]);
    c.act([configMap('child', [refTo(cm(c, 'owner'), blocking)])]);
    c.act([configMap('grandchild', [refTo(cm(c, 'child'), blocking)])]);
    const deleted: string[] = [];
    c.onChange = (change) => void (change.type === 'DELETED' && deleted.push(change.object.metadata.name ?? ''));

    c.write([deleteWrite('configmaps', 'default', 'owner', 'Foreground')]);
    expect(cm(c, 'owner')?.metadata).toMatchObject({ finalizers: ['foregroundDeletion'], deletionTimestamp: expect.any(String) });
    c.settleFromStart();

    expect(deleted).toEqual(['grandchild', 'child', 'owner']);
  });

  it('does not wait for dependents that do not block, but still collects them', () => {
    const c = cluster();
    c.act([configMap('owner')]);
    c.act([configMap('child', [refTo(cm(c, 'owner'))])]);
    const deleted: string[] = [];
    c.onChange = (change) => void (change.type === 'DELETED' && deleted.push(change.object.metadata.name ?? ''));

    c.act([deleteWrite('configmaps', 'default', 'owner', 'Foreground')]);

    expect(deleted.sort()).toEqual(['child', 'owner']);
  });

  it('releases a dependent that has another live owner instead of deleting it', () => {
    const c = cluster();
    c.act([configMap('owner'), configMap('other')]);
    c.act([configMap('shared', [refTo(cm(c, 'owner'), blocking), refTo(cm(c, 'other'))])]);

    c.act([deleteWrite('configmaps', 'default', 'owner', 'Foreground')]);

    expect(c.names('configmaps', 'default')).toEqual(['other', 'shared']);
    expect(cm(c, 'shared')?.metadata.ownerReferences).toEqual([refTo(cm(c, 'other'))]);
  });

  it('breaks an ownership cycle of blocking references', () => {
    const c = cluster();
    c.act([configMap('a')]);
    c.act([configMap('b', [refTo(cm(c, 'a'), blocking)])]);
    const a = cm(c, 'a')!;
    c.act([{ kind: 'update', resource: resourceInfo('', 'configmaps'), object: { ...a, metadata: { ...a.metadata, ownerReferences: [refTo(cm(c, 'b'), blocking)] } } }]);

    c.act([deleteWrite('configmaps', 'default', 'a', 'Foreground')]);

    expect(c.names('configmaps', 'default')).toEqual([]);
  });
});

describe('garbage collector, orphaning', () => {
  it('keeps the dependents without the owner’s reference, and deletes the owner', () => {
    const c = cluster();
    c.act([configMap('owner'), configMap('other')]);
    c.act([configMap('child', [refTo(cm(c, 'owner'))]), configMap('shared', [refTo(cm(c, 'owner')), refTo(cm(c, 'other'))])]);

    c.act([deleteWrite('configmaps', 'default', 'owner', 'Orphan')]);

    expect(c.names('configmaps', 'default')).toEqual(['child', 'other', 'shared']);
    expect(cm(c, 'child')?.metadata.ownerReferences).toBeUndefined();
    expect(cm(c, 'shared')?.metadata.ownerReferences).toEqual([refTo(cm(c, 'other'))]);
  });

  it('finishes an orphaning it finds at start (a restart mid-way)', () => {
    const c = cluster();
    c.act([configMap('owner')]);
    c.act([configMap('child', [refTo(cm(c, 'owner'))])]);
    c.write([deleteWrite('configmaps', 'default', 'owner', 'Orphan')]);

    c.settleFromStart();

    expect(c.names('configmaps', 'default')).toEqual(['child']);
  });
});

describe('garbage collector, which changes it reconciles', () => {
  /** The keys the collector takes from every change of the next user writes (controllers do not run). */
  const keysOf = (c: TestCluster, writes: Parameters<TestCluster['write']>[0]) => {
    const keys: string[] = [];
    c.onChange = (change, state) => void keys.push(...garbageCollector.keysFor(change, state));
    c.write(writes);
    c.onChange = () => undefined;
    return keys;
  };

  it('not a new dependent of a live owner, nor one being deleted without a finalizer it handles; it still collects it once the owner goes', () => {
    const c = cluster();
    c.act([configMap('owner')]);
    expect(keysOf(c, [configMap('child', [refTo(cm(c, 'owner'))])])).toEqual([]);
    c.act([deleteWrite('configmaps', 'default', 'owner')]);
    expect(c.names('configmaps', 'default')).toEqual([]);
  });

  it('a new dependent whose owner is gone, or is waiting on its dependents', () => {
    const c = cluster();
    c.act([configMap('owner')]);
    const owner = cm(c, 'owner');
    c.write([deleteWrite('configmaps', 'default', 'owner')]);
    expect(keysOf(c, [configMap('orphan', [refTo(owner)])])).toEqual(['k8s/core/configmaps/default/orphan']);

    c.act([configMap('parent')]);
    c.act([configMap('first', [refTo(cm(c, 'parent'), blocking)])]);
    c.write([deleteWrite('configmaps', 'default', 'parent', 'Foreground')]);
    const parent = cm(c, 'parent');
    expect(keysOf(c, [configMap('second', [refTo(parent)])]).sort()).toEqual(['k8s/core/configmaps/default/parent', 'k8s/core/configmaps/default/second']);
  });
});
