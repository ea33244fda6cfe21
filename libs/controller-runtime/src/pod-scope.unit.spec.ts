import { describe, expect, it } from 'vitest';
import { objectStreamId } from '@kronicle/contracts';
import type { ObjectChange } from '@kronicle/projection';
import { PodScope, readsNoPods, type PodsRead } from './pod-scope';

const podId = (namespace: string, name: string) => objectStreamId({ group: '', resource: 'pods', namespace, name });
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
    expect(PodScope.of([reads, undefined])).toBeUndefined();
    expect(PodScope.of([reads, readsNoPods])).toBeInstanceOf(PodScope);
  });

  it('takes a pod by a field of its text, and follows it until it is deleted though the field goes', () => {
    const scope = PodScope.of([readsNoPods, reads])!;
    expect(scope.takes(podId('default', 'plain'), plain)).toBe(false);
    expect(scope.takes(podId('default', 'web'), owned)).toBe(true);
    expect(scope.takes(podId('default', 'web'), plain)).toBe(true);
    scope.applied(change('DELETED', 'pods', 'default', 'web'));
    expect(scope.takes(podId('default', 'web'), plain)).toBe(false);
  });

  it('follows the light feed while what it takes of pods it does not hold is told by fields that feed keeps', () => {
    const scope = PodScope.of([reads])!;
    expect(scope.feed()).toBe('light');
    // A text the light feed left out has none of those fields.
    expect(scope.takes(podId('default', 'web'), undefined)).toBe(false);
    scope.applied(change('ADDED', 'configmaps', 'default', 'owner-web'));
    expect(scope.feed()).toBe('light');
    expect(scope.takes(podId('default', 'web'), undefined)).toBe(true);
    scope.applied(change('ADDED', 'configmaps', 'apps', 'watch'));
    expect(scope.feed()).toBe('full');
    expect(PodScope.of([{ withFields: ['nodeName'], widenedBy: () => undefined }])!.feed()).toBe('full');
  });

  it('widens to a namespace or a named pod once, and says what to read from the log until it was read', () => {
    const scope = PodScope.of([reads])!;
    scope.applied(change('ADDED', 'configmaps', 'apps', 'watch'));
    scope.applied(change('ADDED', 'configmaps', 'default', 'owner-a'));
    // Named in a namespace already in scope: read with the namespace.
    scope.applied(change('ADDED', 'configmaps', 'apps', 'owner-b'));
    const widening = [{ streamPrefix: 'k8s/core/pods/apps/' }, { streamIds: [podId('default', 'a')] }];
    expect(scope.widening()).toEqual(widening);
    expect(scope.widening()).toEqual(widening);
    scope.widened();
    expect(scope.widening()).toEqual([]);

    expect(scope.takes(podId('apps', 'any'), plain)).toBe(true);
    expect(scope.takes(podId('default', 'a'), plain)).toBe(true);
    expect(scope.takes(podId('default', 'b'), plain)).toBe(false);
    expect(scope.takes(podId('other', 'any'), plain)).toBe(false);
    // A scope only grows: the same widening again asks for nothing more.
    scope.applied(change('MODIFIED', 'configmaps', 'apps', 'watch'));
    expect(scope.widening()).toEqual([]);
  });
});
