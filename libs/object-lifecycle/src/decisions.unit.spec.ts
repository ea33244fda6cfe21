import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kronicle/contracts';
import type { StoredObject } from '@kronicle/projection';
import { refusalOf } from './test-support';
import { decideCreate } from './decide-create';
import { decideDelete } from './decide-delete';
import { decideUpdate } from './decide-update';
import { resourceInfo } from './resource-info';
import type { WriteContext } from './write-context';

const ctx: WriteContext = { now: new Date('2026-03-01T10:00:00.123Z'), newUid: () => 'uid-1', randomSuffix: () => 'x7k2q' };
const deployments = resourceInfo('apps', 'deployments');
const pods = resourceInfo('', 'pods');
const configmaps = resourceInfo('', 'configmaps');
const stored = (object: KubeObject, streamVersion = 1): StoredObject => ({ group: '', resource: '', object, streamVersion, position: 7 });
const defaultNamespace = stored({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });

const deployment = (spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } }, ...spec },
});


describe('decideCreate', () => {
  it('gives identity, second-precision time, generation 1, an empty status and upstream defaults', () => {
    const created = decideCreate({ info: deployments, namespace: 'default', body: deployment(), namespaceObject: defaultNamespace }, ctx);
    expect(created.metadata).toMatchObject({ name: 'web', namespace: 'default', uid: 'uid-1', creationTimestamp: '2026-03-01T10:00:00Z', generation: 1 });
    expect(created.status).toEqual({});
    expect(created.spec).toMatchObject({ replicas: 1, strategy: { type: 'RollingUpdate' } });
  });

  it('names from generateName and starts pods Pending', () => {
    const pod = decideCreate({ info: pods, namespace: 'default', body: { apiVersion: 'v1', kind: 'Pod', metadata: { generateName: 'web-' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } }, namespaceObject: defaultNamespace }, ctx);
    expect(pod.metadata.name).toBe('web-x7k2q');
    expect(pod.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
  });

  it('starts a PodDisruptionBudget with its counts at 0, whatever status was sent', () => {
    const body = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } }, status: { disruptionsAllowed: 5 } };
    const created = decideCreate({ info: resourceInfo('policy', 'poddisruptionbudgets'), namespace: 'default', body, namespaceObject: defaultNamespace }, ctx);
    expect(created.status).toEqual({ disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 });
  });

  it('lets the writer of a create own what it sent and its defaults, not the status or what admission adds', () => {
    const body = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', labels: { run: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } };
    const created = decideCreate({ info: pods, namespace: 'default', body, namespaceObject: defaultNamespace, manager: 'kubectl-run' }, ctx);
    const [entry] = created.metadata.managedFields as { manager: string; fieldsV1: Record<string, Record<string, unknown>> }[];

    expect(entry.manager).toBe('kubectl-run');
    expect(Object.keys(entry.fieldsV1).sort()).toEqual(['f:metadata', 'f:spec']);
    expect(entry.fieldsV1['f:spec']).toHaveProperty('f:dnsPolicy');
    expect(entry.fieldsV1['f:spec']).not.toHaveProperty('f:tolerations');
    expect(created.status).toMatchObject({ phase: 'Pending' });
    expect((created.spec as { tolerations?: unknown[] }).tolerations).toHaveLength(2);
  });

  it('refuses a missing namespace (404), an existing name (409) and a preset resourceVersion (400)', () => {
    expect(refusalOf(() => decideCreate({ info: deployments, namespace: 'nope', body: deployment() }, ctx))).toMatchObject({ code: 404, message: 'namespaces "nope" not found' });
    expect(refusalOf(() => decideCreate({ info: deployments, namespace: 'default', body: deployment(), namespaceObject: defaultNamespace, existing: stored(deployment()) }, ctx))).toMatchObject({ code: 409, reason: 'AlreadyExists' });
    const withVersion = { ...deployment(), metadata: { name: 'web', resourceVersion: '3' } };
    expect(refusalOf(() => decideCreate({ info: deployments, namespace: 'default', body: withVersion, namespaceObject: defaultNamespace }, ctx))).toMatchObject({ code: 400 });
  });

  it('refuses content in a terminating namespace with 403', () => {
    const terminating = stored({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default', deletionTimestamp: '2026-03-01T09:00:00Z' } });
    expect(refusalOf(() => decideCreate({ info: configmaps, namespace: 'default', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }, namespaceObject: terminating }, ctx))).toMatchObject({ code: 403 });
  });
});

describe('decideUpdate', () => {
  const current = stored(decideCreate({ info: deployments, namespace: 'default', body: deployment(), namespaceObject: defaultNamespace }, ctx));
  current.object.metadata.resourceVersion = '7';

  it('bumps generation on a spec change and keeps identity and status', () => {
    const decision = decideUpdate({ info: deployments, namespace: 'default', name: 'web', body: { ...deployment({ replicas: 4 }), status: { replicas: 99 } }, current, now: ctx.now });
    expect(decision.kind).toBe('update');
    expect(decision.object.metadata).toMatchObject({ uid: 'uid-1', generation: 2, creationTimestamp: '2026-03-01T10:00:00Z' });
    expect(decision.object.status).toEqual({});
  });

  it('changes nothing when nothing changed', () => {
    expect(decideUpdate({ info: deployments, namespace: 'default', name: 'web', body: deployment(), current, now: ctx.now }).kind).toBe('unchanged');
  });

  it('refuses a stale resourceVersion with 409 Conflict, in upstream words', () => {
    const stale = { ...deployment({ replicas: 2 }), metadata: { name: 'web', resourceVersion: '6' } };
    expect(refusalOf(() => decideUpdate({ info: deployments, namespace: 'default', name: 'web', body: stale, current, now: ctx.now }))).toMatchObject({
      code: 409,
      message: 'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    });
  });

  it('takes only the status through the status subresource', () => {
    const decision = decideUpdate({ info: deployments, subresource: 'status', namespace: 'default', name: 'web', body: { ...deployment({ replicas: 9 }), status: { replicas: 1 } }, current, now: ctx.now });
    expect(decision.object.status).toEqual({ replicas: 1 });
    expect(decision.object.spec).toEqual(current.object.spec);
  });
});

describe('decideDelete', () => {
  const now = new Date('2026-03-01T10:00:00Z');
  const pod = (spec: Record<string, unknown>, metadata: Record<string, unknown> = {}) =>
    stored({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', uid: 'u', resourceVersion: '3', ...metadata }, spec: { containers: [], ...spec } });

  it('deletes an unscheduled pod at once but only marks a pod on a node, for its kubelet to finish', () => {
    expect(decideDelete(pods, pod({}), {}, now).kind).toBe('delete');
    const marked = decideDelete(pods, pod({ nodeName: 'node-1', terminationGracePeriodSeconds: 30 }), {}, now);
    expect(marked.kind).toBe('mark');
    expect(marked.object.metadata).toMatchObject({ deletionTimestamp: '2026-03-01T10:00:30Z', deletionGracePeriodSeconds: 30 });
    expect(decideDelete(pods, pod({ nodeName: 'node-1' }), { gracePeriodSeconds: 0 }, now).kind).toBe('delete');
  });

  it('refuses to delete a built-in PriorityClass (403), as upstream does', () => {
    const priorityClasses = resourceInfo('scheduling.k8s.io', 'priorityclasses');
    const pc = (name: string) => stored({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name, uid: 'u', resourceVersion: '3' }, value: 1 });
    expect(refusalOf(() => decideDelete(priorityClasses, pc('system-node-critical'), {}, now))).toMatchObject({
      code: 403,
      message: 'priorityclasses.scheduling.k8s.io "system-node-critical" is forbidden: this is a system priority class and cannot be deleted',
    });
    expect(decideDelete(priorityClasses, pc('batch'), {}, now).kind).toBe('delete');
  });

  it('refuses to delete the default, kube-system and kube-public namespaces (403), as NamespaceLifecycle does', () => {
    const namespaces = resourceInfo('', 'namespaces');
    const ns = (name: string) => stored({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, uid: 'u', resourceVersion: '3' }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
    for (const name of ['default', 'kube-system', 'kube-public']) {
      expect(refusalOf(() => decideDelete(namespaces, ns(name), {}, now))).toMatchObject({ code: 403, reason: 'Forbidden', message: `namespaces "${name}" is forbidden: this namespace may not be deleted`, details: { name, kind: 'namespaces' } });
    }
    expect(decideDelete(namespaces, ns('kube-node-lease'), {}, now).kind).toBe('mark');
  });

  it('lets a second delete only shorten a running grace period, moving the deletion time back', () => {
    const terminating = pod({ nodeName: 'node-1' }, { deletionTimestamp: '2026-03-01T10:00:20Z', deletionGracePeriodSeconds: 30 });
    expect(decideDelete(pods, terminating, {}, now).kind).toBe('unchanged');
    expect(decideDelete(pods, terminating, { gracePeriodSeconds: 60 }, now).kind).toBe('unchanged');
    const shortened = decideDelete(pods, terminating, { gracePeriodSeconds: 10 }, now);
    expect(shortened).toMatchObject({ kind: 'mark', object: { metadata: { deletionTimestamp: '2026-03-01T10:00:00Z', deletionGracePeriodSeconds: 10 } } });
    expect(decideDelete(pods, terminating, { gracePeriodSeconds: 0 }, now).kind).toBe('delete');
    const heldByFinalizer = pod({ nodeName: 'node-1' }, { deletionTimestamp: '2026-03-01T10:00:20Z', deletionGracePeriodSeconds: 30, finalizers: ['example.com/hold'] });
    expect(decideDelete(pods, heldByFinalizer, { gracePeriodSeconds: 0 }, now)).toMatchObject({ kind: 'mark', object: { metadata: { deletionGracePeriodSeconds: 0 } } });
  });

  it('keeps a Terminating pod whose labels or status are written until its grace period is ended by a delete', () => {
    const created = decideCreate({ info: pods, namespace: 'default', body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'busybox' }] } }, namespaceObject: defaultNamespace }, ctx);
    const beingDeleted = (metadata: Record<string, unknown>) => stored({ ...created, metadata: { ...created.metadata, resourceVersion: '3', ...metadata } });
    const terminating = beingDeleted({ deletionTimestamp: '2026-03-01T10:00:30Z', deletionGracePeriodSeconds: 30 });
    const labelled = { ...terminating.object, metadata: { ...terminating.object.metadata, labels: { audit: 'yes' } } };
    expect(decideUpdate({ info: pods, namespace: 'default', name: 'p', body: labelled, current: terminating, now }).kind).toBe('update');
    const released = beingDeleted({ deletionTimestamp: '2026-03-01T10:00:00Z', deletionGracePeriodSeconds: 0, finalizers: ['example.com/hold'] });
    const withoutFinalizer = { ...released.object, metadata: { ...released.object.metadata, finalizers: [] } };
    expect(decideUpdate({ info: pods, namespace: 'default', name: 'p', body: withoutFinalizer, current: released, now }).kind).toBe('delete');
  });

  it('hands Orphan and Foreground deletions to the garbage collector through a finalizer', () => {
    const cm = stored({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default', uid: 'u' } });
    expect(decideDelete(configmaps, cm, { propagationPolicy: 'Orphan' }, now).object.metadata.finalizers).toEqual(['orphan']);
    expect(decideDelete(configmaps, cm, { propagationPolicy: 'Foreground' }, now).object.metadata.finalizers).toEqual(['foregroundDeletion']);
    expect(decideDelete(configmaps, cm, {}, now)).toMatchObject({ kind: 'delete', propagationPolicy: 'Background' });
  });

  it('checks preconditions', () => {
    expect(refusalOf(() => decideDelete(pods, pod({}), { preconditions: { uid: 'other' } }, now))).toMatchObject({ code: 409 });
    expect(refusalOf(() => decideDelete(pods, pod({}), { preconditions: { resourceVersion: '2' } }, now))).toMatchObject({ code: 409 });
  });
});
