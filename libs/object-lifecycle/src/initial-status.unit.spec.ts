import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeObject } from '@kronicle/contracts';
import type { StoredObject } from '@kronicle/projection';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { decideCreate } from './decide-create';
import { decideUpdate } from './decide-update';
import { resourceInfo } from './resource-info';
import type { WriteContext } from './write-context';

const ctx: WriteContext = { now: new Date('2026-03-01T10:00:00.123Z'), newUid: () => 'uid-1', randomSuffix: () => 'x7k2q' };
const stored = (object: KubeObject): StoredObject => ({ group: '', resource: '', object, streamVersion: 1, position: 7 });
const defaultNamespace = stored({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });

/** A manifest of the Kubernetes docs (test/k8s-examples), by kind. */
function example(file: string, kind: string): KubeObject {
  const documents = parseAllDocuments(readFileSync(join(__dirname, '../../../test/k8s-examples', file), 'utf8')).map((d) => d.toJS() as KubeObject);
  const found = documents.find((d) => d.kind === kind);
  if (!found) throw new Error(`no ${kind} in ${file}`);
  return found;
}

/** The status `kubectl get <resource> <name> -o yaml` shows right after `kubectl apply -f`, before any controller. */
function statusAfterCreate(group: string, resource: string, body: KubeObject): unknown {
  const info = resourceInfo(group, resource);
  const namespace = body.metadata.namespace ?? 'default';
  const namespaceObject = stored({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
  const namespaced = info.namespaced ? { namespace, namespaceObject } : {};
  return decideCreate({ info, body, ...namespaced, manager: 'kubectl-client-side-apply' }, ctx).status;
}

const replicaSet = (status?: unknown): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'nginx-deployment-77b4fdf86c', labels: { app: 'nginx', 'pod-template-hash': '77b4fdf86c' } },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'nginx', 'pod-template-hash': '77b4fdf86c' } },
    template: { metadata: { labels: { app: 'nginx', 'pod-template-hash': '77b4fdf86c' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.14.2' }] } },
  },
  ...(status !== undefined && { status }),
});

describe('initial status: upstream resets it to the Go zero struct, whose plain int32 fields without omitempty print as 0', () => {
  it('a ReplicaSet shows replicas: 0, whatever status was sent', () => {
    const status = statusAfterCreate('apps', 'replicasets', replicaSet({ replicas: 3, readyReplicas: 3 }));

    expect(stringify({ status })).toBe('status:\n  replicas: 0\n');
  });

  it('a StatefulSet (web.yaml) shows replicas and availableReplicas at 0', () => {
    expect(statusAfterCreate('apps', 'statefulsets', example('web.yaml', 'StatefulSet'))).toEqual({ replicas: 0, availableReplicas: 0 });
  });

  it('a DaemonSet (daemonset.yaml) shows its four scheduling counts at 0', () => {
    expect(statusAfterCreate('apps', 'daemonsets', example('daemonset.yaml', 'DaemonSet'))).toEqual({
      currentNumberScheduled: 0,
      numberMisscheduled: 0,
      desiredNumberScheduled: 0,
      numberReady: 0,
    });
  });

  it('a Deployment, Job and CronJob have only omitempty fields: an empty status', () => {
    expect(statusAfterCreate('apps', 'deployments', example('nginx-deployment.yaml', 'Deployment'))).toEqual({});
    expect(statusAfterCreate('batch', 'jobs', example('job.yaml', 'Job'))).toEqual({});
    expect(statusAfterCreate('batch', 'cronjobs', example('cronjob.yaml', 'CronJob'))).toEqual({});
  });

  it('a Service (frontend-service.yaml) shows its non-pointer loadBalancer struct', () => {
    expect(statusAfterCreate('', 'services', example('frontend-service.yaml', 'Service'))).toEqual({ loadBalancer: {} });
  });

  it('a PersistentVolume and its claim start Pending, a Namespace Active, a pod Pending with its QoS class', () => {
    expect(statusAfterCreate('', 'persistentvolumes', example('pv-volume.yaml', 'PersistentVolume'))).toEqual({ phase: 'Pending', lastPhaseTransitionTime: '2026-03-01T10:00:00Z' });
    expect(statusAfterCreate('', 'persistentvolumeclaims', example('pv-claim.yaml', 'PersistentVolumeClaim'))).toEqual({ phase: 'Pending' });
    expect(statusAfterCreate('', 'namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } })).toEqual({ phase: 'Active' });
    const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'nginx' }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } };
    expect(statusAfterCreate('', 'pods', pod)).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
  });

  it('a PodDisruptionBudget shows its four counts at 0', () => {
    const body: KubeObject = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } } };
    expect(statusAfterCreate('policy', 'poddisruptionbudgets', body)).toEqual({ disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 });
  });

  it('every create gets a status of its own: changing one does not change the next', () => {
    const first = statusAfterCreate('apps', 'replicasets', replicaSet()) as { replicas: number };
    first.replicas = 5;
    expect(statusAfterCreate('apps', 'replicasets', replicaSet())).toEqual({ replicas: 0 });
  });

  it('a ReplicaSet scaled to 0: a status write keeps replicas: 0 and leaves out the zero counts with omitempty', () => {
    const info = resourceInfo('apps', 'replicasets');
    const created = decideCreate({ info, namespace: 'default', body: replicaSet(), namespaceObject: defaultNamespace }, ctx);
    const scaled = { ...created, metadata: { ...created.metadata, generation: 2 }, spec: { ...(created.spec as object), replicas: 0 } };
    const body = { ...scaled, status: { replicas: 0, fullyLabeledReplicas: 0, readyReplicas: 0, availableReplicas: 0, observedGeneration: 2 } };
    const decision = decideUpdate({ info, subresource: 'status', namespace: 'default', name: 'nginx-deployment-77b4fdf86c', body, current: stored(scaled), now: ctx.now });

    expect(decision.kind).toBe('update');
    expect(stringify({ status: decision.object.status })).toBe('status:\n  replicas: 0\n  observedGeneration: 2\n');
  });
});

describe('PersistentVolume lastPhaseTransitionTime: stamped on create and whenever a status write changes the phase', () => {
  const info = resourceInfo('', 'persistentvolumes');
  const at = (time: string) => new Date(time);
  const writeStatus = (current: KubeObject, status: unknown, now: Date) =>
    decideUpdate({ info, subresource: 'status', name: current.metadata.name ?? '', body: { ...current, status }, current: stored(current), now }).object;
  const created = () => decideCreate({ info, body: example('pv-volume.yaml', 'PersistentVolume') }, ctx);

  it('a binder that copies the status and changes the phase gets the time of the change', () => {
    const pending = created();
    const available = writeStatus(pending, { ...(pending.status as object), phase: 'Available' }, at('2026-03-01T10:05:00Z'));
    expect(available.status).toEqual({ phase: 'Available', lastPhaseTransitionTime: '2026-03-01T10:05:00Z' });
    const bound = writeStatus(available, { ...(available.status as object), phase: 'Bound' }, at('2026-03-01T10:07:30.900Z'));
    expect(bound.status).toEqual({ phase: 'Bound', lastPhaseTransitionTime: '2026-03-01T10:07:30Z' });
  });

  it('a write that keeps the phase keeps the time, sent or not; a time of the writer’s own is kept', () => {
    const pending = created();
    const message = writeStatus(pending, { phase: 'Pending', message: 'waiting' }, at('2026-03-01T11:00:00Z'));
    expect(message.status).toEqual({ phase: 'Pending', message: 'waiting', lastPhaseTransitionTime: '2026-03-01T10:00:00Z' });
    const own = writeStatus(pending, { phase: 'Failed', lastPhaseTransitionTime: '2026-02-01T00:00:00Z' }, at('2026-03-01T11:00:00Z'));
    expect(own.status).toEqual({ phase: 'Failed', lastPhaseTransitionTime: '2026-02-01T00:00:00Z' });
  });

  it('an update of the volume itself leaves the status and its time alone', () => {
    const pending = created();
    const relabelled = { ...pending, metadata: { ...pending.metadata, labels: { tier: 'fast' } }, status: { phase: 'Bound' } };
    const decision = decideUpdate({ info, name: 'task-pv-volume', body: relabelled, current: stored(pending), now: at('2026-03-01T12:00:00Z') });
    expect(decision.object.status).toEqual({ phase: 'Pending', lastPhaseTransitionTime: '2026-03-01T10:00:00Z' });
  });
});
