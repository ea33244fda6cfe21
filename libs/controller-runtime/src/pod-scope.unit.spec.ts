import { describe, expect, it } from 'vitest';
import { objectStreamId } from '@kronicle/contracts';
import { ClusterState, type ObjectChange } from '@kronicle/projection';
import { PodScope, readsNoPods, type PodsRead } from './pod-scope';

const podId = (namespace: string, name: string) => objectStreamId({ group: '', resource: 'pods', namespace, name });
const updated = (streamId: string, node?: string) => ({ type: 'ObjectUpdated', streamId, node });
const plain = JSON.stringify({ data: { object: { metadata: { name: 'web', namespace: 'default' }, spec: { nodeName: 'node-1' } } } });
const owned = JSON.stringify({ data: { object: { metadata: { name: 'web', namespace: 'default', ownerReferences: [{ kind: 'ReplicaSet', name: 'rs' }] } } } });

/** A change as the scope is offered it: only its kind, stream and namespace matter to these reads. */
const change = (type: ObjectChange['type'], resource: string, namespace: string, name: string) =>
  ({ type, group: '', resource, streamId: objectStreamId({ group: '', resource, namespace, name }), object: { metadata: { name, namespace } } }) as unknown as ObjectChange;

/** Reads the pods of a namespace with a ConfigMap named `watch`, pods named by a ConfigMap `owner-*`, and pods with owners. */
const reads: PodsRead = {
  withFields: ['ownerReferences'],
  widenedBy: (c) => {
    if (c.resource !== 'configmaps' || c.type === 'DELETED') return undefined;
    const { name, namespace } = c.object.metadata;
    if (name === 'watch') return { namespaces: [namespace!] };
    return name!.startsWith('owner-') ? { streamIds: [podId(namespace!, name!.slice('owner-'.length))] } : undefined;
  },
};

describe('PodScope', () => {
  it('is every pod unless each controller of the process says which it reads', () => {
    expect(PodScope.of([reads, undefined], new ClusterState())).toBeUndefined();
    expect(PodScope.of([reads, readsNoPods], new ClusterState())).toBeInstanceOf(PodScope);
  });

  it('takes a pod by a field of its text, and follows it until it is deleted though the field goes', () => {
    const scope = PodScope.of([readsNoPods, reads], new ClusterState())!;
    expect(scope.takes(updated(podId('default', 'plain')), plain)).toBe(false);
    expect(scope.takes(updated(podId('default', 'web')), owned)).toBe(true);
    expect(scope.takes(updated(podId('default', 'web')), plain)).toBe(true);
    scope.applied(change('DELETED', 'pods', 'default', 'web'));
    expect(scope.takes(updated(podId('default', 'web')), plain)).toBe(false);
  });

  it('takes a pod by a string of its text (an owner of some kind), on the lean feed', () => {
    const jobPods: PodsRead = { withFields: [], withText: ['"kind":"Job"'], widenedBy: () => undefined };
    const scope = PodScope.of([jobPods], new ClusterState())!;
    const ownedByJob = JSON.stringify({ data: { object: { metadata: { name: 'pi-x', namespace: 'default', ownerReferences: [{ kind: 'Job', name: 'pi' }] } } } });
    expect(scope.feed()).toBe('lean');
    expect(scope.takes(updated(podId('default', 'web')), owned)).toBe(false);
    expect(scope.takes(updated(podId('default', 'pi-x')), ownedByJob)).toBe(true);
  });

  it('follows the light feed while what it takes of pods it does not hold is told by fields that feed keeps', () => {
    const scope = PodScope.of([reads], new ClusterState())!;
    expect(scope.feed()).toBe('light');
    // A text the light feed left out has none of those fields.
    expect(scope.takes(updated(podId('default', 'web')), undefined)).toBe(false);
    scope.applied(change('ADDED', 'configmaps', 'default', 'owner-web'));
    expect(scope.feed()).toBe('light');
    expect(scope.takes(updated(podId('default', 'web')), undefined)).toBe(true);
    scope.applied(change('ADDED', 'configmaps', 'apps', 'watch'));
    expect(scope.feed()).toBe('full');
    expect(PodScope.of([{ withFields: ['nodeName'], widenedBy: () => undefined }], new ClusterState())!.feed()).toBe('full');
    // Claims and finalizers need no ReplicaSet's pod: the lean feed.
    expect(PodScope.of([{ withFields: ['persistentVolumeClaim', 'finalizers'], widenedBy: () => undefined }], new ClusterState())!.feed()).toBe('lean');
  });

  it('widens to a namespace or a named pod once, and says what to read from the log until it was read', () => {
    const scope = PodScope.of([reads], new ClusterState())!;
    scope.applied(change('ADDED', 'configmaps', 'apps', 'watch'));
    scope.applied(change('ADDED', 'configmaps', 'default', 'owner-a'));
    // Named in a namespace already in scope: read with the namespace.
    scope.applied(change('ADDED', 'configmaps', 'apps', 'owner-b'));
    const widening = [{ streamPrefix: 'k8s/core/pods/apps/' }, { streamIds: [podId('default', 'a')] }];
    expect(scope.widening()).toEqual(widening);
    expect(scope.widening()).toEqual(widening);
    scope.widened();
    expect(scope.widening()).toEqual([]);

    expect(scope.takes(updated(podId('apps', 'any')), plain)).toBe(true);
    expect(scope.takes(updated(podId('default', 'a')), plain)).toBe(true);
    expect(scope.takes(updated(podId('default', 'b')), plain)).toBe(false);
    expect(scope.takes(updated(podId('other', 'any')), plain)).toBe(false);
    // A scope only grows: the same widening again asks for nothing more.
    scope.applied(change('MODIFIED', 'configmaps', 'apps', 'watch'));
    expect(scope.widening()).toEqual([]);
  });

  it('takes the pods of the nodes it reads, by the node the feed names or the text says, and those of a node come into scope', () => {
    const onNodes: PodsRead = {
      withFields: [],
      readsPodsOn: (node) => node === 'lost',
      widenedBy: (c) => (c.resource === 'nodes' ? { nodes: [c.object.metadata.name!] } : undefined),
    };
    const scope = PodScope.of([onNodes], new ClusterState())!;
    expect(scope.feed()).toBe('lean');
    expect(scope.takes(updated(podId('default', 'a'), 'lost'), undefined)).toBe(true);
    expect(scope.takes(updated(podId('default', 'b')), plain.replace('node-1', 'lost'))).toBe(true);
    expect(scope.takes(updated(podId('default', 'c'), 'node-1'), undefined)).toBe(false);
    expect(scope.takes(updated(podId('default', 'd'), 'node-2'), undefined)).toBe(false);
    expect(scope.takes({ type: 'ObjectDeleted', streamId: podId('default', 'd'), node: 'node-2' }, undefined)).toBe(false);

    scope.applied(change('MODIFIED', 'nodes', '', 'node-1'));
    scope.applied(change('MODIFIED', 'nodes', '', 'node-2'));
    expect(scope.widening()).toEqual([{ streamIds: [podId('default', 'c')] }]);
    scope.widened();
    // A node once in scope stays: its pods bound later are taken, and it widens nothing again.
    expect(scope.takes(updated(podId('default', 'e'), 'node-1'), undefined)).toBe(true);
    scope.applied(change('MODIFIED', 'nodes', '', 'node-1'));
    expect(scope.widening()).toEqual([]);
  });
});
