import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kronicle/contracts';
import type { StoredObject } from '@kronicle/projection';
import { decideBinding } from './decide-binding';
import { decideCreate } from './decide-create';
import { decideUpdate } from './decide-update';
import { resourceInfo } from './resource-info';

const now = new Date('2026-03-01T10:00:00Z');
const ctx = { now, newUid: () => 'uid-1', randomSuffix: () => 'x7k2q' };
const pods = resourceInfo('', 'pods');
const nodes = resourceInfo('', 'nodes');
const namespaces = resourceInfo('', 'namespaces');
const stored = (object: KubeObject): StoredObject => ({ group: '', resource: '', object: { ...object, metadata: { ...object.metadata, resourceVersion: '7' } }, streamVersion: 1, position: 7 });
const defaultNamespace = stored({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') for (const v of Object.values(Object.freeze(value))) deepFreeze(v);
  return value;
}

const createdPod = () =>
  decideCreate(
    {
      info: pods,
      namespace: 'default',
      body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx', resources: { limits: { cpu: '1' } } }] } },
      namespaceObject: defaultNamespace,
    },
    ctx,
  );

describe('decideUpdate through the status subresource', () => {
  it('stores the new status on the stored spec and metadata, leaving the stored pod as it was', () => {
    const current = stored(createdPod());
    const before = structuredClone(current.object);
    deepFreeze(current.object);
    const status = { phase: 'Running', podIP: '10.244.1.2', conditions: [{ type: 'Ready', status: 'True' }] };
    for (const manager of [undefined, 'kubelet']) {
      const body = { ...current.object, metadata: { ...current.object.metadata, labels: { app: 'changed' } }, spec: { containers: [] }, status };
      const decision = decideUpdate({ info: pods, subresource: 'status', namespace: 'default', name: 'web', body, current, now, manager });
      expect(decision.kind).toBe('update');
      expect(decision.object.spec).toEqual(before.spec);
      expect(decision.object.metadata).toMatchObject({ ...before.metadata, labels: { app: 'web' } });
      expect(decision.object.status).toEqual(status);
    }
    expect(current.object).toEqual(before);
  });

  it('writes nothing when the status is the stored one', () => {
    const current = stored(createdPod());
    expect(decideUpdate({ info: pods, subresource: 'status', namespace: 'default', name: 'web', body: current.object, current, now }).kind).toBe('unchanged');
  });

  it('defaults the status as upstream: a Node allocatable from its capacity, a Namespace Active', () => {
    const created = (info: typeof nodes, body: KubeObject) => stored(decideCreate({ info, body }, ctx));
    const node = created(nodes, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' }, status: { capacity: { cpu: '4', memory: '16Gi' } } });
    const reported = decideUpdate({ info: nodes, subresource: 'status', name: 'node-1', body: { ...node.object, status: { capacity: { cpu: '8000m', memory: '16Gi' } } }, current: node, now });
    expect(reported.object.status).toEqual({ capacity: { cpu: '8', memory: '16Gi' }, allocatable: { cpu: '8', memory: '16Gi' } });
    const ns = created(namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
    expect(decideUpdate({ info: namespaces, subresource: 'status', name: 'team', body: { ...ns.object, status: {} }, current: ns, now }).kind).toBe('unchanged');
  });

  it('does not validate the spec, as upstream podStatusStrategy: a pod bound to any node name reports its status', () => {
    const bound = stored(decideBinding(stored(createdPod()), { target: { name: 'Node_1' } }, now));
    const decision = decideUpdate({ info: pods, subresource: 'status', namespace: 'default', name: 'web', body: { ...bound.object, status: { phase: 'Running' } }, current: bound, now });
    expect(decision.object).toMatchObject({ spec: { nodeName: 'Node_1' }, status: { phase: 'Running' } });
  });
});

describe('decideUpdate of a Namespace', () => {
  const team = stored({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team', labels: { a: '1' } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
  const body = { ...team.object, metadata: { ...team.object.metadata, labels: { a: '2' } }, spec: { finalizers: [] } };

  it('keeps spec.finalizers on a plain update, as upstream: only /finalize changes them', () => {
    const decision = decideUpdate({ info: namespaces, name: 'team', body, current: team, now });
    expect(decision.object.spec).toEqual({ finalizers: ['kubernetes'] });
    expect(decision.object.metadata.labels).toMatchObject({ a: '2' });
  });

  it('changes spec.finalizers through the finalize subresource, keeping the status', () => {
    const decision = decideUpdate({ info: namespaces, subresource: 'finalize', name: 'team', body: { ...body, status: { phase: 'Terminating' } }, current: team, now });
    expect(decision.object.spec).toEqual({ finalizers: [] });
    expect(decision.object.status).toEqual({ phase: 'Active' });
  });
});
