import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { objectStreamId, ObjectEventType, type KubeObject, type RecordedEvent } from '@kronicle/contracts';
import { planWrites } from '@kronicle/controller-runtime';
import { resourceInfo } from '@kronicle/object-lifecycle';
import type { AppendRequest } from '@kronicle/event-store';
import { ClusterState } from '@kronicle/projection';
import { podInfo, Snapshot } from '@kronicle/scheduling';
import { NEW, RETRY, schedulerController } from './scheduler-controller';

const now = new Date('2026-01-01T00:00:00Z');
const meta = { correlationId: 'c', actor: 'test', time: now.toISOString() };
let uid = 0;
const ctx = { now, newUid: () => `uid-${uid++}`, randomSuffix: () => `s${uid++}` };

/** An in-memory log that checks expected versions as the event store does: all requests or none. */
class MemoryLog {
  readonly events: RecordedEvent[] = [];
  private readonly versions = new Map<string, number>();

  append(requests: AppendRequest[]): boolean {
    if (requests.some((r) => (this.versions.get(r.streamId) ?? 0) !== r.expectedVersion)) return false;
    for (const r of requests) {
      for (const e of r.events) {
        const version = (this.versions.get(r.streamId) ?? 0) + 1;
        this.versions.set(r.streamId, version);
        this.events.push({ ...e, id: `e${this.events.length + 1}`, position: this.events.length + 1, streamId: r.streamId, streamVersion: version });
      }
    }
    return true;
  }

  create(resource: string, object: KubeObject, group = ''): void {
    this.record(ObjectEventType.Created, resource, object, group);
  }

  record(type: ObjectEventType, resource: string, object: KubeObject, group = ''): void {
    const streamId = objectStreamId({ group, resource, namespace: object.metadata.namespace, name: object.metadata.name! });
    this.append([{ streamId, expectedVersion: this.versions.get(streamId) ?? 0, events: [{ type, data: { group, resource, object }, metadata: meta }] }]);
  }
}

function catchUp(state: ClusterState, log: MemoryLog, upTo = log.events.length): void {
  for (const event of log.events.slice(state.position, upTo)) state.apply(event);
}

const node = (name: string, cpu: string, pods = '110'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: { 'kubernetes.io/hostname': name }, uid: name },
  status: { allocatable: { cpu, memory: '8Gi', pods } },
});
const pod = (name: string, cpu: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', uid: name, creationTimestamp: '2026-01-01T00:00:00Z' },
  spec: { schedulerName: 'default-scheduler', containers: [{ name: 'c', image: 'i', resources: { requests: { cpu } } }] },
  status: { phase: 'Pending' },
});

const withPriority = (p: KubeObject, priority: number): KubeObject => ({ ...p, spec: { ...(p.spec as object), priority } });
const withPriorityClass = (p: KubeObject, priorityClassName: string): KubeObject => ({ ...p, spec: { ...(p.spec as object), priorityClassName } });

function newCache(controller: ReturnType<typeof schedulerController>): ClusterState {
  const state = new ClusterState();
  for (const [name, keysOf] of Object.entries(controller.indexes ?? {})) state.addIndex(name, keysOf);
  return state;
}

describe('scheduler controller', () => {
  const controller = schedulerController({ batchSize: 100, retryIntervalMs: 300_000 });
  const seeded = (...objects: [string, KubeObject][]) => {
    const log = new MemoryLog();
    log.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
    for (const [resource, object] of objects) log.create(resource, object);
    const state = newCache(controller);
    catchUp(state, log);
    return { log, state };
  };

  it('binds a pending pod and records the Scheduled event', () => {
    const { state } = seeded(['nodes', node('node-1', '2')], ['pods', pod('x', '1')]);
    const { writes } = controller.reconcile(NEW, state, now);
    expect(writes[0]).toEqual({ kind: 'bind', namespace: 'default', name: 'x', nodeName: 'node-1', fence: 'default-scheduler' });
    expect(writes[1]).toMatchObject({ kind: 'create', object: { kind: 'Event', reason: 'Scheduled', type: 'Normal', message: 'Successfully assigned default/x to node-1' } });
  });

  it('parks a pod that fits nowhere with PodScheduled=False and a FailedScheduling event, and retries later', () => {
    const { state } = seeded(['nodes', node('node-1', '2')], ['nodes', node('node-2', '2')], ['nodes', node('node-3', '2')], ['pods', pod('big', '64')]);
    const result = controller.reconcile(NEW, state, now);
    const message = '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';
    expect(result.writes[0]).toMatchObject({ kind: 'update', subresource: 'status', object: { status: { conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message }] } } });
    expect(result.writes[1]).toMatchObject({ object: { reason: 'FailedScheduling', type: 'Warning', message } });
    expect(result.requeueAfterMs).toBe(300_000);
  });

  it('leaves a pod with scheduling gates alone, and takes it as new once they are removed (SchedulingGates PreEnqueue)', () => {
    const gatedCondition = { type: 'PodScheduled', status: 'False', reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates' };
    const gated: KubeObject = { ...pod('gated', '1'), spec: { ...(pod('gated', '1').spec as object), schedulingGates: [{ name: 'example.com/foo' }] }, status: { phase: 'Pending', conditions: [gatedCondition] } };
    const { log, state } = seeded(['nodes', node('node-1', '2')], ['pods', gated]);
    expect(controller.reconcile(NEW, state, now).writes).toEqual([]);
    expect(controller.reconcile(RETRY, state, now).writes).toEqual([]);
    const released = { ...gated, spec: { ...(gated.spec as object), schedulingGates: [] } };
    log.record(ObjectEventType.Updated, 'pods', released);
    const [change] = log.events.slice(state.position).map((e) => state.apply(e)!);
    expect(controller.keysFor(change, state)).toEqual([NEW]);
    expect(controller.reconcile(NEW, state, now).writes[0]).toMatchObject({ kind: 'bind', name: 'gated', nodeName: 'node-1' });
  });

  it('tries a pod parked for its pod affinity again when a pod it may want is placed or relabelled, and only then', () => {
    const affine: KubeObject = {
      ...pod('affine', '1'),
      spec: { ...(pod('affine', '1').spec as object), affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { security: 'S1' } }, topologyKey: 'kubernetes.io/hostname' }] } } },
    };
    const { log, state } = seeded(['nodes', node('node-1', '4')], ['pods', affine]);
    log.append(planWrites(controller.reconcile(NEW, state, now).writes, state, ctx, meta));
    catchUp(state, log);
    const changes = () => log.events.slice(state.position).map((e) => state.apply(e)!);
    // Parked: a plain pod placed elsewhere in the log is not news to a pod without affinity, but is to this one.
    log.create('pods', { ...pod('s1', '1'), metadata: { ...pod('s1', '1').metadata, labels: { security: 'S1' } }, spec: { ...(pod('s1', '1').spec as object), nodeName: 'node-1' } });
    expect(changes().map((c) => controller.keysFor(c, state))).toEqual([[RETRY]]);
    expect(controller.reconcile(RETRY, state, now).writes[0]).toMatchObject({ kind: 'bind', name: 'affine', nodeName: 'node-1' });
    // Without a parked pod waiting for others, a placed pod asks for nothing.
    const { log: quiet, state: quietState } = seeded(['nodes', node('node-1', '4')]);
    quiet.create('pods', { ...pod('x', '1'), spec: { ...(pod('x', '1').spec as object), nodeName: 'node-1' } });
    expect(quiet.events.slice(quietState.position).map((e) => controller.keysFor(quietState.apply(e)!, quietState))).toEqual([[]]);
  });

  it('tries a parked pod again when its own spec changes (a toleration added), not when only its status does', () => {
    const tainted = { ...node('node-1', '2'), spec: { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] } };
    const { log, state } = seeded(['nodes', tainted], ['pods', pod('p', '1')]);
    const parking = controller.reconcile(NEW, state, now).writes;
    log.append(planWrites(parking, state, ctx, meta));
    const changes = () => log.events.slice(state.position).map((e) => state.apply(e)!).filter((c) => c.resource === 'pods');
    expect(changes().map((c) => controller.keysFor(c, state))).toEqual([[]]);
    const parked = state.get('k8s/core/pods/default/p')!.object;
    log.record(ObjectEventType.Updated, 'pods', { ...parked, spec: { ...(parked.spec as object), tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }] } });
    expect(changes().map((c) => controller.keysFor(c, state))).toEqual([[RETRY]]);
    expect(controller.reconcile(RETRY, state, now).writes[0]).toMatchObject({ kind: 'bind', name: 'p', nodeName: 'node-1' });
  });

  it('asks parked pods again for a node change that can matter to them, not for a kubelet status report', () => {
    const { log, state } = seeded(['nodes', { ...node('node-1', '2'), status: { ...(node('node-1', '2').status as object), conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: 't0' }] } }]);
    const keysOfNodeUpdate = (change: (n: KubeObject) => KubeObject) => {
      log.record(ObjectEventType.Updated, 'nodes', change(state.get('k8s/core/nodes/_/node-1')!.object));
      return log.events.slice(state.position).map((e) => controller.keysFor(state.apply(e)!, state));
    };
    const withConditions = (n: KubeObject, conditions: object[]) => ({ ...n, status: { ...(n.status as object), conditions } });
    expect(keysOfNodeUpdate((n) => withConditions(n, [{ type: 'Ready', status: 'True', lastHeartbeatTime: 't1' }]))).toEqual([[]]);
    expect(keysOfNodeUpdate((n) => withConditions(n, [{ type: 'Ready', status: 'False', lastHeartbeatTime: 't2' }]))).toEqual([[RETRY]]);
    expect(keysOfNodeUpdate((n) => ({ ...n, metadata: { ...n.metadata, labels: { disk: 'ssd' } } }))).toEqual([[RETRY]]);
    expect(keysOfNodeUpdate((n) => ({ ...n, spec: { unschedulable: true } }))).toEqual([[RETRY]]);
  });

  it('tries parked pods again on RETRY once, all of them, and writes nothing for an unchanged failure', () => {
    const { log, state } = seeded(['nodes', node('node-1', '1')]);
    // Created as the API creates them (defaulted), so status updates validate.
    log.append(planWrites(['a', 'b', 'c'].map((n) => ({ kind: 'create' as const, resource: resourceInfo('', 'pods'), object: pod(n, '2') })), state, ctx, meta));
    catchUp(state, log);
    const small = schedulerController({ batchSize: 1, retryIntervalMs: 300_000 });
    for (let i = 0; i < 3; i++) log.append(planWrites(small.reconcile(NEW, state, now).writes, state, ctx, meta)), catchUp(state, log);
    const retry = small.reconcile(RETRY, state, now);
    expect(retry).toEqual({ writes: [], requeueAfterMs: 300_000 });
  });

  it('places higher priority first', () => {
    const { state } = seeded(['nodes', node('node-1', '1')], ['pods', pod('low', '1')], ['pods', withPriority(pod('high', '1'), 1000)]);
    const writes = controller.reconcile(NEW, state, now).writes;
    expect(writes[0]).toMatchObject({ kind: 'bind', name: 'high' });
    expect(writes[2]).toMatchObject({ kind: 'update', object: { metadata: { name: 'low' } } });
  });

  it('orders a waiting pod by the value of a PriorityClass created after it was first looked at', () => {
    const urgent = (p: KubeObject): KubeObject => withPriorityClass(p, 'urgent');
    const { log, state } = seeded(['nodes', node('node-1', '1')], ['pods', pod('a', '1')], ['pods', pod('c', '1')], ['pods', urgent(pod('b', '1'))]);
    const oneAtATime = schedulerController({ batchSize: 1, retryIntervalMs: 300_000 });
    const first = oneAtATime.reconcile(NEW, state, now).writes;
    expect(first[0]).toMatchObject({ kind: 'bind', name: 'a' });
    log.append(planWrites(first, state, ctx, meta));
    log.create('nodes', node('node-2', '1'));
    log.create('priorityclasses', { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'urgent' }, value: 1000 }, 'scheduling.k8s.io');
    catchUp(state, log);
    expect(oneAtATime.reconcile(NEW, state, now).writes[0]).toMatchObject({ kind: 'bind', name: 'b' });
  });

  it('preempts pods of lower priority for a pod that fits nowhere, which then waits for the room, and takes it', () => {
    const { log, state } = seeded(['nodes', node('node-1', '2')]);
    const low = withPriority(pod('low', '2'), 0);
    log.create('pods', { ...low, spec: { ...(low.spec as object), nodeName: 'node-1' }, status: { phase: 'Running' } });
    // Created as the API creates them (defaulted), so their status updates validate.
    const create = (p: KubeObject) => log.append(planWrites([{ kind: 'create', resource: resourceInfo('', 'pods'), object: p }], state, ctx, meta));
    log.create('priorityclasses', { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'urgent' }, value: 1000 }, 'scheduling.k8s.io');
    catchUp(state, log);
    create(withPriorityClass(pod('high', '2'), 'urgent'));
    catchUp(state, log);
    const apply = (key: string) => {
      const { writes } = controller.reconcile(key, state, now);
      log.append(planWrites(writes, state, ctx, meta));
      catchUp(state, log);
      return writes;
    };
    const current = (name: string) => state.get(objectStreamId({ group: '', resource: 'pods', namespace: 'default', name }))?.object as KubeObject & { status: Record<string, unknown> };

    const preempting = apply(NEW);
    expect(preempting.map((w) => (w.kind === 'create' ? `Event ${w.object.reason}` : `${w.kind} ${w.kind === 'update' || w.kind === 'delete' ? (w.kind === 'update' ? w.object.metadata.name : w.name) : ''}`))).toEqual([
      'update high',
      'Event FailedScheduling',
      'update low',
      'delete low',
      'Event Preempted',
    ]);
    expect(preempting[4]).toMatchObject({ object: { involvedObject: { name: 'low' }, message: `Preempted by pod ${current('high').metadata.uid} on node node-1` } });
    expect(current('high').status).toMatchObject({ nominatedNodeName: 'node-1', conditions: [expect.objectContaining({ type: 'PodScheduled', status: 'False', message: '0/1 nodes are available: 1 Insufficient cpu.' })] });
    // The kubelet has yet to stop it: Terminating, marked as upstream marks a preemption's victim.
    expect(current('low').metadata.deletionTimestamp).toBeDefined();
    expect(current('low').status.conditions).toContainEqual(expect.objectContaining({ type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler' }));

    // While its victim terminates, the waiting pod does not preempt again.
    expect(apply(RETRY)[0]).toMatchObject({
      kind: 'update',
      object: { metadata: { name: 'high' }, status: { conditions: [expect.objectContaining({ message: '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to a terminating pod on the nominated node.' })] } },
    });

    // Once the victim is gone, a newcomer tried first does not take the room: it is the nominated pod's.
    log.record(ObjectEventType.Deleted, 'pods', current('low'));
    create(pod('newcomer', '2'));
    catchUp(state, log);
    expect(apply(NEW)).toMatchObject([{ kind: 'update', object: { metadata: { name: 'newcomer' } } }, { object: { reason: 'FailedScheduling' } }]);
    expect(apply(RETRY)[0]).toEqual({ kind: 'bind', namespace: 'default', name: 'high', nodeName: 'node-1', fence: 'default-scheduler' });
  });

  it("prefers victims no PodDisruptionBudget protects, reading the budgets' status", () => {
    const { log, state } = seeded(['nodes', node('node-1', '2')], ['nodes', node('node-2', '2')]);
    for (const [name, nodeName, app] of [['db', 'node-1', 'db'], ['web', 'node-2', 'web']]) {
      const p = pod(name, '2');
      log.create('pods', { ...p, metadata: { ...p.metadata, labels: { app } }, spec: { ...(p.spec as object), nodeName, priority: 0 }, status: { phase: 'Running' } });
    }
    const budget = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'db', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'db' } } }, status: { disruptionsAllowed: 0 } };
    log.create('poddisruptionbudgets', budget, 'policy');
    log.create('priorityclasses', { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'urgent' }, value: 1000 }, 'scheduling.k8s.io');
    catchUp(state, log);
    log.append(planWrites([{ kind: 'create', resource: resourceInfo('', 'pods'), object: withPriorityClass(pod('high', '2'), 'urgent') }], state, ctx, meta));
    catchUp(state, log);
    const writes = controller.reconcile(NEW, state, now).writes;
    expect(writes.find((w) => w.kind === 'delete')).toMatchObject({ name: 'web' });
  });

  it('a nominated pod holds its room against pods of its priority or lower, not against higher ones', () => {
    const { log, state } = seeded(['nodes', node('node-1', '2')]);
    for (const [name, value] of [['mid', 100], ['top', 1000]] as const) log.create('priorityclasses', { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value }, 'scheduling.k8s.io');
    catchUp(state, log);
    const create = (p: KubeObject) => (log.append(planWrites([{ kind: 'create', resource: resourceInfo('', 'pods'), object: p }], state, ctx, meta)), catchUp(state, log));
    create(withPriorityClass(pod('waiting', '2'), 'mid'));
    const waiting = state.get(objectStreamId({ group: '', resource: 'pods', namespace: 'default', name: 'waiting' }))!.object;
    log.record(ObjectEventType.Updated, 'pods', { ...waiting, status: { ...(waiting.status as object), nominatedNodeName: 'node-1', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] } });
    create(pod('lower', '2'));
    create(withPriorityClass(pod('higher', '2'), 'top'));
    const writes = controller.reconcile(NEW, state, now).writes;
    expect(writes[0]).toEqual({ kind: 'bind', namespace: 'default', name: 'higher', nodeName: 'node-1', fence: 'default-scheduler' });
    expect(writes[2]).toMatchObject({ kind: 'update', object: { metadata: { name: 'lower' } } });
  });

  it('takes the nomination away from a pod of lower priority nominated to the node a higher one preempts on', () => {
    const { log, state } = seeded(['nodes', node('node-1', '2')]);
    for (const [name, value] of [['mid', 100], ['top', 1000]] as const) log.create('priorityclasses', { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value }, 'scheduling.k8s.io');
    const low = withPriority(pod('low', '2'), 0);
    log.create('pods', { ...low, spec: { ...(low.spec as object), nodeName: 'node-1' }, status: { phase: 'Running' } });
    catchUp(state, log);
    const create = (p: KubeObject) => (log.append(planWrites([{ kind: 'create', resource: resourceInfo('', 'pods'), object: p }], state, ctx, meta)), catchUp(state, log));
    create(withPriorityClass(pod('waiting', '2'), 'mid'));
    const waiting = state.get(objectStreamId({ group: '', resource: 'pods', namespace: 'default', name: 'waiting' }))!.object;
    log.record(ObjectEventType.Updated, 'pods', { ...waiting, status: { ...(waiting.status as object), nominatedNodeName: 'node-1', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] } });
    create(withPriorityClass(pod('top', '2'), 'top'));
    const writes = controller.reconcile(NEW, state, now).writes;
    expect(writes.find((w) => w.kind === 'update' && w.object.metadata.name === 'top')).toMatchObject({ object: { status: { nominatedNodeName: 'node-1' } } });
    const cleared = writes.find((w) => w.kind === 'update' && w.object.metadata.name === 'waiting');
    expect(cleared).toMatchObject({ subresource: 'status' });
    expect(cleared?.kind === 'update' && cleared.object.status).not.toHaveProperty('nominatedNodeName');
    // Tried in the same batch (RETRY takes every pending pod), it loses it with its own status write, once.
    const retried = controller.reconcile(RETRY, state, now).writes.filter((w) => w.kind === 'update' && w.object.metadata.name === 'waiting');
    expect(retried).toHaveLength(1);
    expect(retried[0].kind === 'update' && retried[0].object.status).not.toHaveProperty('nominatedNodeName');
  });

  it('puts the chosen node on the pod WaitForFirstConsumer claim (VolumeBinding)', () => {
    const { log } = seeded(['nodes', node('node-1', '2')]);
    log.create('storageclasses', { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'standard' }, provisioner: 'kronicle.dev/simulated', volumeBindingMode: 'WaitForFirstConsumer' }, 'storage.k8s.io');
    log.create('persistentvolumeclaims', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'default' }, spec: { storageClassName: 'standard', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
    const withClaim = pod('db', '1');
    (withClaim.spec as { volumes?: object[] }).volumes = [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }];
    log.create('pods', withClaim);
    const state = newCache(controller);
    catchUp(state, log);
    const writes = controller.reconcile(NEW, state, now).writes;
    expect(writes[0]).toMatchObject({ kind: 'update', object: { metadata: { name: 'data', annotations: { 'volume.kubernetes.io/selected-node': 'node-1' } } } });
    expect(writes[1]).toMatchObject({ kind: 'bind', name: 'db', nodeName: 'node-1' });
  });

  it('tries a pod parked for a missing claim again when claims, volumes or classes change, and only while one waits', () => {
    const claimFor = (name: string) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: 'default' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
    const { log, state } = seeded(['nodes', node('node-1', '2')]);
    const changes = () => log.events.slice(state.position).map((e) => controller.keysFor(state.apply(e)!, state));
    log.create('persistentvolumeclaims', claimFor('unrelated'));
    expect(changes()).toEqual([[]]);
    const withClaim = pod('db', '1');
    (withClaim.spec as { volumes?: object[] }).volumes = [{ name: 'data', persistentVolumeClaim: { claimName: 'later' } }];
    log.create('pods', withClaim);
    catchUp(state, log);
    const parked = controller.reconcile(NEW, state, now).writes;
    expect(parked[1]).toMatchObject({ object: { reason: 'FailedScheduling', message: '0/1 nodes are available: persistentvolumeclaim "later" not found. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.' } });
    log.append(planWrites(parked, state, ctx, meta));
    catchUp(state, log);
    log.create('persistentvolumeclaims', claimFor('later'));
    expect(changes()).toEqual([[RETRY]]);
  });

  it('tries a pod again at once when what it waits for came while it was being tried (upstream moveRequestCycle): the claim appears before its park is in the log', () => {
    const claimFor = (name: string) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: 'default' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
    const { log, state } = seeded(['nodes', node('node-1', '2')]);
    const changes = () => log.events.slice(state.position).map((e) => controller.keysFor(state.apply(e)!, state));
    const withClaim = pod('web-0', '1');
    (withClaim.spec as { volumes?: object[] }).volumes = [{ name: 'www', persistentVolumeClaim: { claimName: 'www-web-0' } }];
    log.create('pods', withClaim);
    catchUp(state, log);
    const parked = controller.reconcile(NEW, state, now).writes;
    // The claim is committed between the attempt and the park: when it is read, no pod is parked yet.
    log.create('persistentvolumeclaims', claimFor('www-web-0'));
    expect(changes()).toEqual([[]]);
    log.append(planWrites(parked, state, ctx, meta));
    expect(changes()).toContainEqual([RETRY]);
  });

  it('goes on searching where the previous batch stopped (upstream nextStartNodeIndex), so batches spread over the cluster', () => {
    const nodes = Array.from({ length: 200 }, (_, i): [string, KubeObject] => ['nodes', node(`node-${String(i).padStart(3, '0')}`, '2')]);
    const { log, state } = seeded(...nodes, ['pods', pod('first', '1')]);
    const oneAtATime = schedulerController({ batchSize: 1, retryIntervalMs: 300_000 });
    // 200 nodes: 100 feasible ones are enough, so the first pod's search covers node-000 … node-099.
    const first = oneAtATime.reconcile(NEW, state, now).writes;
    expect(first[0]).toMatchObject({ kind: 'bind', nodeName: 'node-000' });
    log.append(planWrites(first, state, ctx, meta));
    log.create('pods', pod('second', '1'));
    catchUp(state, log);
    expect(oneAtATime.reconcile(NEW, state, now).writes[0]).toMatchObject({ kind: 'bind', name: 'second', nodeName: 'node-100' });
  });

  it('sees the room a placed pod leaves on its node, whether it finishes or goes, at the next batch', () => {
    const { log, state } = seeded(['nodes', node('node-1', '1')], ['pods', pod('a', '1')]);
    const placed = (name: string) => state.get(objectStreamId({ group: '', resource: 'pods', namespace: 'default', name }))!.object;
    const schedule = () => {
      const writes = controller.reconcile(NEW, state, now).writes;
      log.append(planWrites(writes, state, ctx, meta));
      catchUp(state, log);
      return writes[0];
    };
    expect(schedule()).toMatchObject({ kind: 'bind', name: 'a' });
    log.create('pods', pod('b', '1'));
    catchUp(state, log);
    expect(controller.reconcile(NEW, state, now).writes[0]).toMatchObject({ kind: 'update', subresource: 'status' });
    log.record(ObjectEventType.Updated, 'pods', { ...placed('a'), status: { phase: 'Succeeded' } });
    catchUp(state, log);
    expect(schedule()).toMatchObject({ kind: 'bind', name: 'b' });
    log.create('pods', pod('c', '1'));
    catchUp(state, log);
    expect(controller.reconcile(NEW, state, now).writes[0]).toMatchObject({ kind: 'update', subresource: 'status' });
    log.record(ObjectEventType.Deleted, 'pods', placed('b'));
    catchUp(state, log);
    expect(schedule()).toMatchObject({ kind: 'bind', name: 'c' });
    // Created as the API creates it (defaulted), so its status update validates.
    log.append(planWrites([{ kind: 'create', resource: resourceInfo('', 'pods'), object: pod('e', '1') }], state, ctx, meta));
    catchUp(state, log);
    expect(schedule()).toMatchObject({ kind: 'update', object: { metadata: { name: 'e' } } });
    // As many pods on the node as at the last batch, but others: c gone, x (100m) bound elsewhere, so 900m are free.
    log.record(ObjectEventType.Updated, 'pods', { ...placed('c'), status: { phase: 'Failed' } });
    const x = pod('x', '100m');
    log.create('pods', { ...x, spec: { ...(x.spec as object), nodeName: 'node-1' } });
    log.create('pods', pod('d', '900m'));
    catchUp(state, log);
    expect(schedule()).toMatchObject({ kind: 'bind', name: 'd' });
  });

  it('sees a node cordoned, or given more room, between batches', () => {
    const { log, state } = seeded(['nodes', node('node-1', '1')], ['nodes', node('node-2', '1')], ['pods', pod('a', '1')]);
    const schedule = (key: string) => {
      const writes = controller.reconcile(key, state, now).writes;
      log.append(planWrites(writes, state, ctx, meta));
      catchUp(state, log);
      return writes[0];
    };
    expect(schedule(NEW)).toMatchObject({ kind: 'bind', name: 'a', nodeName: 'node-1' });
    log.record(ObjectEventType.Updated, 'nodes', { ...node('node-2', '1'), spec: { unschedulable: true } });
    log.append(planWrites([{ kind: 'create', resource: resourceInfo('', 'pods'), object: pod('b', '1') }], state, ctx, meta));
    catchUp(state, log);
    const message = '0/2 nodes are available: 1 Insufficient cpu, 1 node(s) were unschedulable. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.';
    expect(schedule(NEW)).toMatchObject({ kind: 'update', object: { status: { conditions: [{ type: 'PodScheduled', status: 'False', message }] } } });
    log.record(ObjectEventType.Updated, 'nodes', node('node-1', '2'));
    catchUp(state, log);
    expect(schedule(RETRY)).toMatchObject({ kind: 'bind', name: 'b', nodeName: 'node-1' });
  });

  it('asks for every pending pod again when a node comes or a placed pod goes', () => {
    const { state } = seeded();
    const change = (resource: string, type: 'ADDED' | 'DELETED', object: KubeObject) => controller.keysFor({ type, streamId: 's', group: '', resource, object, position: 1, streamVersion: 1 }, state);
    expect(change('nodes', 'ADDED', node('n', '1'))).toEqual([RETRY]);
    expect(change('pods', 'ADDED', pod('p', '1'))).toEqual([NEW]);
    expect(change('pods', 'DELETED', { ...pod('p', '1'), spec: { nodeName: 'n' } })).toEqual([RETRY]);
  });

  it('two schedulers on stale views cannot both fill one node: the fenced bind that comes second appends nothing', () => {
    const racing = schedulerController({ batchSize: 1, retryIntervalMs: 1000 });
    const log = new MemoryLog();
    log.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
    log.create('nodes', node('node-1', '1'));
    log.create('pods', pod('early', '1'));
    const [a, b] = [newCache(racing), newCache(racing)];
    catchUp(b, log);
    log.create('pods', withPriority(pod('urgent', '1'), 10));
    catchUp(a, log);
    // a places the urgent pod; b, which has not seen it, places the early one on the same node.
    expect(log.append(planWrites(racing.reconcile(NEW, a, now).writes, a, ctx, meta))).toBe(true);
    const stale = planWrites(racing.reconcile(NEW, b, now).writes, b, ctx, meta);
    expect(stale[0].events[0].data).toMatchObject({ object: { spec: { nodeName: 'node-1' } } });
    expect(log.append(stale)).toBe(false);
  });

  it('property: while placed pods finish and go, and pods come, between batches, no node ever gets more than it can allocate', () => {
    const step = fc.oneof(
      fc.record({ op: fc.constant('node' as const), cpu: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ op: fc.constant('pod' as const), milli: fc.integer({ min: 100, max: 2000 }) }),
      fc.record({ op: fc.constantFrom('finish' as const, 'delete' as const), pick: fc.nat() }),
      fc.record({ op: fc.constant('schedule' as const), retry: fc.boolean() }),
    );
    const occupies = ({ spec, status }: KubeObject) => Boolean((spec as { nodeName?: string }).nodeName) && !['Succeeded', 'Failed'].includes((status as { phase?: string } | undefined)?.phase ?? '');
    fc.assert(
      fc.property(fc.array(step, { maxLength: 50 }), (steps) => {
        // One scheduler on one cache, so each batch builds on what the previous one saw.
        const scheduler = schedulerController({ batchSize: 2, retryIntervalMs: 1000 });
        const log = new MemoryLog();
        log.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
        const cache = newCache(scheduler);
        const pods = () => cache.list({ group: '', resource: 'pods' }).map((p) => p.object);
        let n = 0;
        for (const s of steps) {
          catchUp(cache, log);
          const placed = pods().filter(occupies);
          if (s.op === 'node') log.create('nodes', node(`node-${n++}`, String(s.cpu)));
          else if (s.op === 'pod') log.append(planWrites([{ kind: 'create', resource: resourceInfo('', 'pods'), object: pod(`pod-${n++}`, `${s.milli}m`) }], cache, ctx, meta));
          else if (s.op === 'schedule') {
            log.append(planWrites(scheduler.reconcile(s.retry ? RETRY : NEW, cache, now).writes, cache, ctx, meta));
            catchUp(cache, log);
            const snapshot = Snapshot.of(cache.list({ group: '', resource: 'nodes' }).map((x) => x.object), pods().filter(occupies).map((p) => podInfo(p)));
            for (const info of snapshot.nodes) expect(info.requested.cpu ?? 0).toBeLessThanOrEqual(info.allocatable.cpu);
          } else if (placed.length) {
            const object = placed[s.pick % placed.length];
            if (s.op === 'finish') log.record(ObjectEventType.Updated, 'pods', { ...object, status: { ...(object.status as object), phase: 'Succeeded' } });
            else log.record(ObjectEventType.Deleted, 'pods', object);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('property: whatever the order of pods, nodes and two racing schedulers, no node gets more than it can allocate', () => {
    const step = fc.oneof(
      fc.record({ op: fc.constant('node' as const), cpu: fc.integer({ min: 1, max: 4 }), pods: fc.integer({ min: 1, max: 4 }) }),
      fc.record({ op: fc.constant('pod' as const), milli: fc.integer({ min: 100, max: 3000 }), priority: fc.integer({ min: 0, max: 3 }) }),
      fc.record({ op: fc.constant('sync' as const), who: fc.integer({ min: 0, max: 1 }), lag: fc.integer({ min: 0, max: 5 }) }),
      fc.record({ op: fc.constant('schedule' as const), who: fc.integer({ min: 0, max: 1 }), retry: fc.boolean() }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        // One pod per batch and random priorities: the two schedulers pick different pods for the same node.
        const racing = schedulerController({ batchSize: 1, retryIntervalMs: 1000 });
        const log = new MemoryLog();
        log.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
        // Priorities come from PriorityClasses, as the API's Priority admission resolves them.
        for (const value of [0, 1, 2, 3]) log.create('priorityclasses', { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: `p${value}` }, value }, 'scheduling.k8s.io');
        const caches = [newCache(racing), newCache(racing)];
        let n = 0;
        for (const s of steps) {
          if (s.op === 'node') log.create('nodes', node(`node-${n++}`, String(s.cpu), String(s.pods)));
          else if (s.op === 'pod') {
            // As the API creates it: defaulted, so the scheduler's status updates validate.
            const now = newCache(racing);
            catchUp(now, log);
            log.append(planWrites([{ kind: 'create', resource: resourceInfo('', 'pods'), object: withPriorityClass(pod(`pod-${n++}`, `${s.milli}m`), `p${s.priority}`) }], now, ctx, meta));
          }
          // A cache may stop anywhere in the log, even inside another scheduler's transaction.
          else if (s.op === 'sync') catchUp(caches[s.who], log, Math.max(caches[s.who].position, log.events.length - s.lag));
          else {
            const cache = caches[s.who];
            const { writes } = racing.reconcile(s.retry ? RETRY : NEW, cache, now);
            try {
              log.append(planWrites(writes, cache, ctx, meta));
            } catch (err) {
              // Refused as the API would (already bound on a stale view): nothing is appended.
              expect(String(err)).toMatch(/already assigned/);
            }
          }
        }
        const truth = newCache(racing);
        catchUp(truth, log);
        const snapshot = Snapshot.of(truth.list({ group: '', resource: 'nodes' }).map((s) => s.object), truth.list({ group: '', resource: 'pods' }).map((s) => podInfo(s.object)));
        for (const info of snapshot.nodes) for (const r of ['cpu', 'pods']) expect(info.requested[r] ?? 0).toBeLessThanOrEqual(info.allocatable[r]);
      }),
      { numRuns: 500 },
    );
  });
});

