import { randomUUID } from 'node:crypto';
import { type Pod, indexes, metaTime } from '@kronicle/pod-control';
import type { KubeObject, RecordedEvent } from '@kronicle/contracts';
import { planWrites, type Controller, type ObjectWrite } from '@kronicle/controller-runtime';
import { resourceInfo } from '@kronicle/object-lifecycle';
import { ClusterState, type ObjectChange } from '@kronicle/projection';
import { type Deployment, type ReplicaSet } from '../shared/objects';
import { podsResource } from '../shared/resources';

let suffixCounter = 0;

/**
 * The controllers' world without Postgres or NATS, for unit and property tests: a cluster state,
 * writes decided by the same `planWrites` the runtime uses, a work queue per controller, a manual
 * clock, and a fake kubelet. `onAppend` sees the state after every append (every log position a
 * real reader could observe).
 */
export class World {
  readonly state = new ClusterState();
  private position = 0;
  private nowMs: number;
  private readonly queues = new Map<Controller, Set<string>>();
  private readonly timers: { at: number; controller: Controller; key: string }[] = [];
  onAppend?: (world: World) => void;

  constructor(
    readonly controllers: Controller[],
    start = new Date('2026-01-01T00:00:00Z'),
  ) {
    this.nowMs = start.getTime();
    for (const [name, fn] of Object.entries(indexes)) this.state.addIndex(name, fn);
    for (const c of controllers) this.queues.set(c, new Set());
    this.write([{ kind: 'create', resource: resourceInfo('', 'namespaces'), object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } } }], 'user:test');
  }

  get now(): Date {
    return new Date(this.nowMs);
  }

  /** Moves the clock; controllers' requeues that fall due are queued. */
  advance(ms: number): void {
    this.nowMs += ms;
    for (const timer of this.timers.splice(0).filter((t) => (t.at <= this.nowMs ? (this.queues.get(t.controller)!.add(t.key), false) : true))) this.timers.push(timer);
  }

  /** Appends writes as the runtime would (one append per stream, all at once), returns the changes. */
  write(writes: ObjectWrite[], actor: string): ObjectChange[] {
    const now = this.now;
    const requests = planWrites(writes, this.state, { now, newUid: randomUUID, randomSuffix: () => String(++suffixCounter).padStart(5, 'x') }, { correlationId: randomUUID(), actor, time: now.toISOString() });
    const changes: ObjectChange[] = [];
    for (const request of requests) {
      let version = this.state.streamVersion(request.streamId);
      for (const event of request.events) {
        const recorded: RecordedEvent = { ...event, id: randomUUID(), position: ++this.position, streamId: request.streamId, streamVersion: ++version };
        const change = this.state.apply(recorded);
        if (change) changes.push(change);
      }
    }
    for (const change of changes) for (const [controller, queue] of this.queues) for (const key of controller.keysFor(change, this.state)) queue.add(key);
    if (requests.length) this.onAppend?.(this);
    return changes;
  }

  create(resource: string, object: KubeObject): void {
    const [group, plural] = resource.includes('/') ? resource.split('/') : ['', resource];
    this.write([{ kind: 'create', resource: resourceInfo(group, plural), object: structuredClone(object) }], 'user:test');
  }

  update(resource: string, object: KubeObject): void {
    const [group, plural] = resource.includes('/') ? resource.split('/') : ['', resource];
    this.write([{ kind: 'update', resource: resourceInfo(group, plural), object: structuredClone(object) }], 'user:test');
  }

  /** Every controller looks at everything once, as at start. */
  start(): void {
    for (const [controller, queue] of this.queues) for (const key of controller.initialKeys(this.state)) queue.add(key);
  }

  /** Runs one queued reconcile, if any; returns whether one ran. */
  step(pick = 0): boolean {
    const ready = [...this.queues].filter(([, q]) => q.size > 0);
    if (ready.length === 0) return false;
    const [controller, queue] = ready[pick % ready.length];
    const keys = [...queue];
    const key = keys[pick % keys.length];
    queue.delete(key);
    const result = controller.reconcile(key, this.state, this.now);
    if (result.requeueAfterMs !== undefined) this.timers.push({ at: this.nowMs + result.requeueAfterMs, controller, key });
    this.write(result.writes, `service:${controller.name}`);
    return true;
  }

  /** Reconciles until nothing is queued. */
  settle(maxSteps = 10_000): void {
    for (let i = 0; this.step(); i++) if (i > maxSteps) throw new Error('controllers did not settle');
  }

  get pending(): boolean {
    return [...this.queues.values()].some((q) => q.size > 0);
  }

  deployment(name: string): Deployment {
    return this.state.list({ group: 'apps', resource: 'deployments', namespace: 'default' }).find((s) => s.object.metadata.name === name)!.object as Deployment;
  }

  replicaSets(): ReplicaSet[] {
    return this.state.list({ group: 'apps', resource: 'replicasets' }).map((s) => s.object as ReplicaSet);
  }

  pods(): Pod[] {
    return this.state.list({ group: '', resource: 'pods' }).map((s) => s.object as Pod);
  }

  events(reason?: string): KubeObject[] {
    return this.state
      .list({ group: '', resource: 'events' })
      .map((s) => s.object)
      .filter((e) => !reason || e.reason === reason);
  }

  /** The fake kubelet: the pod runs and is Ready from now on. */
  markReady(pod: Pod): void {
    const status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: metaTime(this.now) }] };
    this.write([{ kind: 'update', resource: podsResource, subresource: 'status', object: { ...pod, status } }], 'service:kubelet');
  }

  markFailed(pod: Pod): void {
    this.write([{ kind: 'update', resource: podsResource, subresource: 'status', object: { ...pod, status: { phase: 'Failed', reason: 'Evicted' } } }], 'service:kubelet');
  }

  deletePod(pod: Pod): void {
    this.write([{ kind: 'delete', resource: podsResource, namespace: pod.metadata.namespace, name: pod.metadata.name ?? '' }], 'user:test');
  }

  readyAll(): void {
    for (const pod of this.pods()) if (pod.status?.phase !== 'Running' && !pod.metadata.deletionTimestamp) this.markReady(pod);
  }

  /** Settles, marks every pod ready, and again, until nothing changes. */
  converge(maxRounds = 200): void {
    for (let i = 0; i < maxRounds; i++) {
      this.settle();
      const before = this.pods().filter((p) => p.status?.phase !== 'Running').length;
      this.readyAll();
      this.advance(1000);
      if (before === 0 && !this.pending) return;
    }
    throw new Error('did not converge');
  }
}
