import { LazyRecordedEvent, type RecordedEvent } from '@kronicle/contracts';
import { WrongExpectedVersionError } from '@kronicle/event-store';
import type { AppendRequest } from '@kronicle/event-store';
import { ClusterState, type IndexFunction, type ObjectChange } from '@kronicle/projection';
import type { ObjectWrite } from './object-write';
import { planWrites } from './plan-writes';
import type { Controller } from './run-controller';

/**
 * A cluster held in memory for controller tests: writes are decided as the runtime decides them
 * (planWrites, expected versions) and folded into a ClusterState as recorded events, delivered as the
 * log's feed delivers them (parsed where read), so a test can drive one or several controllers to a
 * fixed point without Postgres or NATS.
 */
export class InMemoryCluster {
  readonly state = new ClusterState();
  /** Every event appended, in log order. */
  readonly log: RecordedEvent[] = [];
  private uid = 0;

  constructor(indexes: Record<string, IndexFunction> = {}) {
    for (const [name, keysOf] of Object.entries(indexes)) this.state.addIndex(name, keysOf);
  }

  /** Applies writes as one atomic append; returns the changes they made. */
  write(writes: ObjectWrite[], now: Date, actor = 'user:test'): ObjectChange[] {
    const requests = planWrites(
      writes,
      this.state,
      { now, newUid: () => `uid-${++this.uid}`, randomSuffix: () => (++this.uid).toString(36).padStart(5, '0').slice(-5) },
      { correlationId: `c-${this.uid}`, actor, time: now.toISOString() },
    );
    return this.append(requests);
  }

  private append(requests: AppendRequest[]): ObjectChange[] {
    for (const r of requests) {
      const actual = this.state.streamVersion(r.streamId);
      if (r.expectedVersion !== 'any' && r.expectedVersion !== actual) throw new WrongExpectedVersionError(r.streamId, r.expectedVersion, actual);
    }
    const changes: ObjectChange[] = [];
    for (const r of requests) {
      let version = this.state.streamVersion(r.streamId);
      for (const event of r.events) {
        const recorded = { ...event, id: `e-${this.state.position + 1}`, position: this.state.position + 1, streamId: r.streamId, streamVersion: ++version };
        this.log.push(recorded);
        const change = this.state.apply(asFromFeed(recorded));
        if (change) changes.push(change);
      }
    }
    return changes;
  }

  /**
   * Reconciles the given keys (default: the controllers' initial keys), then every key the
   * resulting changes concern, until nothing more is written. Throws if it does not settle.
   */
  settle(controllers: Controller[], now: Date, keys?: Map<Controller, string[]>, maxReconciles = 10_000): void {
    const queue: [Controller, string][] = controllers.flatMap((c) => (keys?.get(c) ?? c.initialKeys(this.state)).map((k) => [c, k] as [Controller, string]));
    for (let n = 0; queue.length > 0; n++) {
      if (n >= maxReconciles) throw new Error('controllers did not settle');
      const [controller, key] = queue.shift()!;
      const changes = this.write(controller.reconcile(key, this.state, now).writes, now, `service:${controller.name}`);
      for (const change of changes) for (const c of controllers) for (const k of c.keysFor(change, this.state)) queue.push([c, k]);
    }
  }

  /** Applies writes made by a user (or a test), then lets the controllers react until they settle. */
  act(writes: ObjectWrite[], controllers: Controller[], now: Date): void {
    const changes = this.write(writes, now);
    const keys = new Map(controllers.map((c) => [c, [...new Set(changes.flatMap((change) => c.keysFor(change, this.state)))]]));
    this.settle(controllers, now, keys);
  }
}

/** An event as the log's feed brings it to a process: JSON read only where a controller looks. */
function asFromFeed(event: RecordedEvent): RecordedEvent {
  const { position, id, streamId, streamVersion, type, data, metadata } = event;
  // Members in the order of the log's texts (readAllEncoded), metadata last.
  return new LazyRecordedEvent(position, type, streamId, streamVersion, JSON.stringify({ position, id, streamId, streamVersion, type, data, metadata }));
}

/**
 * The changes another process's cache (with these indexes) makes of the cluster's log, as its feed
 * brings them: each object parsed only when read. For tests of what a controller reads of a change.
 */
export function changesSeenElsewhere(cluster: InMemoryCluster, indexes: Record<string, IndexFunction> = {}): { state: ClusterState; changes: ObjectChange[] } {
  const state = new ClusterState();
  for (const [name, keysOf] of Object.entries(indexes)) state.addIndex(name, keysOf);
  const changes = cluster.log.flatMap((event) => state.apply(asFromFeed(event)) ?? []);
  return { state, changes };
}
