import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RecordedEvent } from '@kronicle/contracts';
import { isPodStream } from '@kronicle/messaging';
import { changesSeenElsewhere, InMemoryCluster, kubeEvent, PodScope, type Controller } from '@kronicle/controller-runtime';
import { resourceInfo } from '@kronicle/object-lifecycle';
import { profiles } from '@kronicle/pod-lifecycle';
import { deploymentController } from '../../services/deployment/src/deployment/controller';
import { disruptionController } from '../../services/deployment/src/disruption/controller';
import { replicaSetController } from '../../services/deployment/src/replicaset/controller';
import { eventTtlController } from '../../services/garbage-collector/src/event-ttl/event-ttl-controller';
import { garbageCollector } from '../../services/garbage-collector/src/garbage-collector/garbage-collector';
import { namespaceController } from '../../services/garbage-collector/src/namespace/namespace-controller';
import { rootCaCertPublisher } from '../../services/garbage-collector/src/root-ca-cert-publisher/root-ca-cert-publisher';
import { serviceAccountsController } from '../../services/garbage-collector/src/service-accounts/service-accounts-controller';
import { networkController } from '../../services/network/src/network-controller';
import { cronJobController } from '../../services/cronjob/src/cronjob/controller';
import { daemonSetController } from '../../services/daemonset/src/daemonset/controller';
import { statefulSetController } from '../../services/statefulset/src/statefulset/controller';
import { jobController } from '../../services/job/src/job/controller';
import { ttlAfterFinishedController } from '../../services/job/src/ttl-after-finished/controller';
import { nodeAgentController } from '../../services/node-agent/src/node-agent-controller';
import { simulatedNodes } from '../../services/node-agent/src/simulated-nodes';
import { schedulerController } from '../../services/scheduler/src/scheduler-controller';
import { parseAddressPool } from '../../services/network/src/address-pool';
import { HeartbeatTable } from '../../services/node-lifecycle/src/heartbeat-table';
import { nodeLifecycleController } from '../../services/node-lifecycle/src/node-lifecycle-controller';
import { storageController } from '../../services/storage/src/storage-controller';

const now = new Date('2026-11-29T00:00:00Z');
const pods = resourceInfo('', 'pods');

/** The controllers of each service with nothing to do for a pod no Service, claim, owner or budget is about. */
const services: Record<string, Controller[]> = {
  'garbage-collector': [garbageCollector, namespaceController, serviceAccountsController, rootCaCertPublisher(() => 'ca'), eventTtlController(3600)],
  deployment: [replicaSetController, deploymentController, disruptionController],
  network: [networkController(parseAddressPool('192.168.240.0/24'))],
  storage: [storageController],
  job: [jobController, ttlAfterFinishedController],
  cronjob: [cronJobController],
  daemonset: [daemonSetController],
  statefulset: [statefulSetController],
  'node-lifecycle': [nodeLifecycleController(new HeartbeatTable(now.getTime()), { gracePeriodMs: 40_000, podGcPeriodMs: 20_000, orphanQuarantineMs: 40_000 })],
};

afterEach(() => vi.restoreAllMocks());

const namespace = { kind: 'create', resource: resourceInfo('', 'namespaces'), object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } } } as const;
const node = { kind: 'create', resource: resourceInfo('', 'nodes'), object: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' } } } as const;
const webPod = { kind: 'create', resource: pods, object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } } as const;

/**
 * The changes of `resource` as another process sees them, with everything else read already (what
 * the controllers read of namespaces, nodes and pods placed is not the point), and a spy on every
 * parse from then on.
 */
function seenElsewhere(cluster: InMemoryCluster, indexes: NonNullable<Controller['indexes']>, resource: string) {
  const { state, changes } = changesSeenElsewhere(cluster, indexes);
  const others = changes.filter((c) => c.resource !== resource);
  for (const change of others) void [change.object, change.previous];
  for (const stored of state.all()) if (stored.resource !== resource) void stored.object;
  return { state, changes: changes.filter((c) => c.resource === resource), parse: vi.spyOn(JSON, 'parse') };
}

describe.each(Object.entries(services))('the %s service', (_name, controllers) => {
  it('passes over every change of a plain pod (created, bound, Running) without reading it', () => {
    const indexes = Object.assign({}, ...controllers.map((c) => c.indexes ?? {}));
    const cluster = new InMemoryCluster(indexes);
    for (const write of [namespace, node, webPod]) cluster.write([write], now);
    cluster.write([{ kind: 'bind', namespace: 'default', name: 'web', nodeName: 'node-1' }], now);
    const bound = cluster.state.get('k8s/core/pods/default/web')!.object;
    cluster.write([{ kind: 'update', resource: pods, subresource: 'status', object: { ...bound, status: { phase: 'Running', podIP: '10.244.1.2' } } }], now);

    const { state, changes } = changesSeenElsewhere(cluster, indexes);
    const podChanges = changes.filter((c) => c.resource === 'pods');
    // What the controllers read of the namespace and the node (once each) is not the point here.
    for (const stored of state.all()) if (stored.resource !== 'pods') void stored.object;
    const parse = vi.spyOn(JSON, 'parse');

    expect(podChanges.map((c) => c.type)).toEqual(['ADDED', 'MODIFIED', 'MODIFIED']);
    expect(podChanges.flatMap((change) => controllers.flatMap((c) => c.keysFor(change, state)))).toEqual([]);
    expect(parse).not.toHaveBeenCalled();
  });
});

describe.each(Object.entries(services))('the %s service', (_name, controllers) => {
  it('does not take a plain pod into its cache at all, though its pods with owners, claims or GC finalizers are taken as they concern it', () => {
    const cluster = new InMemoryCluster(Object.assign({}, ...controllers.map((c) => c.indexes ?? {})));
    for (const write of [namespace, node, webPod]) cluster.write([write], now);
    cluster.write([{ kind: 'bind', namespace: 'default', name: 'web', nodeName: 'node-1' }], now);
    const scope = PodScope.of(
      controllers.map((c) => c.podsRead),
      cluster.state,
    )!;
    const taken = (events: RecordedEvent[]) => events.filter((e) => isPodStream(e.streamId) && scope.takes(e, JSON.stringify(e)));
    expect(taken(cluster.log)).toEqual([]);

    const readsOf = new Set(controllers.flatMap((c) => c.podsRead!.withFields));
    const kept = { ownerReferences: { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'rs-uid', controller: true }] }, finalizers: { finalizers: ['orphan'] } };
    const claimPod = { ...webPod.object, metadata: { name: 'db', namespace: 'default' }, spec: { ...webPod.object.spec, volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }] } };
    const before = cluster.log.length;
    cluster.write([{ ...webPod, object: { ...webPod.object, metadata: { ...webPod.object.metadata, name: 'owned', ...kept.ownerReferences } } }], now);
    cluster.write([{ ...webPod, object: { ...webPod.object, metadata: { ...webPod.object.metadata, name: 'held', ...kept.finalizers } } }], now);
    cluster.write([{ ...webPod, object: claimPod }], now);
    expect(taken(cluster.log.slice(before)).map((e) => e.streamId.split('/').at(-1))).toEqual(
      [readsOf.has('ownerReferences') && 'owned', readsOf.has('finalizers') && 'held', readsOf.has('persistentVolumeClaim') && 'db'].filter(Boolean),
    );
  });
});

describe('the services that do have work for pods', () => {
  it("a node agent reads no pod as created: it is no node's yet, neither in its keys nor in its indexes", () => {
    const controller = nodeAgentController(simulatedNodes(1, 1, {}, now.toISOString()), profiles.fast);
    const cluster = new InMemoryCluster(controller.indexes);
    for (const write of [namespace, webPod]) cluster.write([write], now);
    cluster.settle([controller], now);

    const { state, changes, parse } = seenElsewhere(cluster, controller.indexes!, 'pods');
    expect(changes.map((c) => `${c.type} ${c.resource}`)).toEqual(['ADDED pods']);
    expect(changes.flatMap((change) => controller.keysFor(change, state))).toEqual([]);
    for (const name of Object.keys(controller.indexes!)) expect(state.indexKeys(name)).toEqual([]);
    expect(parse).not.toHaveBeenCalled();
  });

  it("the garbage collector's Event TTL reads no Kubernetes Event until one TTL after its write, only the write's time", () => {
    const controller = eventTtlController(3600);
    const cluster = new InMemoryCluster();
    for (const write of [namespace, webPod]) cluster.write([write], now);
    const pod = cluster.state.get('k8s/core/pods/default/web')!.object;
    cluster.write([kubeEvent({ regarding: pod, type: 'Normal', reason: 'Scheduled', message: 'Successfully assigned default/web to node-1', component: 'default-scheduler', now })], now);

    const { state, changes, parse } = seenElsewhere(cluster, {}, 'events');
    const keys = changes.flatMap((change) => controller.keysFor(change, state));
    expect(keys).toHaveLength(1);
    expect(controller.reconcile(keys[0], state, new Date(now.getTime() + 1000))).toEqual({ writes: [], requeueAfterMs: 3_599_000 });
    expect(parse.mock.calls.filter(([text]) => String(text).includes('Successfully assigned'))).toEqual([]);
  });

  it('the scheduler reads no Kubernetes Event (one comes with every pod it places)', () => {
    const controller = schedulerController({ batchSize: 100, retryIntervalMs: 60_000 });
    const cluster = new InMemoryCluster(controller.indexes);
    const roomy = { ...node, object: { ...node.object, status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }] } } };
    for (const write of [namespace, roomy, webPod]) cluster.write([write], now);
    cluster.settle([controller], now);
    expect(cluster.state.get('k8s/core/pods/default/web')!.object.spec).toMatchObject({ nodeName: 'node-1' });

    const { state, changes, parse } = seenElsewhere(cluster, controller.indexes!, 'events');
    expect(changes.map((c) => `${c.type} ${c.resource}`)).toEqual(['ADDED events']);
    expect(changes.flatMap((change) => controller.keysFor(change, state))).toEqual([]);
    expect(parse).not.toHaveBeenCalled();
  });
});
