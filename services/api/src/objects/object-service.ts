import { randomUUID } from 'node:crypto';
import { objectStreamId, ObjectEventType, parseObjectStreamId, type EventMetadata, type KubeObject, type NewEvent } from '@kronicle/contracts';
import { WrongExpectedVersionError, type EventStore } from '@kronicle/event-store';
import type { StoredObject } from '@kronicle/projection';
import { ApiError, type AddressConfig, type AddressContext, companionAppends, decideCreate, decideDelete, decideUpdate, type DeleteOptions, errors, type EvictionAppends, objectEvent, podAdmissionSourcesIn, type ResourceInfo, type Status, type StreamAppend, successStatus, type WriteContext } from '@kronicle/object-lifecycle';
import type { LiveCluster } from '../cluster/live-cluster';

/** Who is writing and how: from the request. */
export interface RequestContext {
  actor: string;
  /** Who impersonates `actor` (kubectl `--as`), recorded with it. */
  impersonator?: string;
  correlationId: string;
  /** `dryRun=All`: decide and validate, append nothing. */
  dryRun: boolean;
  /** Who owns the fields this request sets (managedFields). */
  manager?: string;
}

/** Waits until the API's projection has applied a log position (read-your-writes). */
export interface PositionWaiter {
  waitFor(position: number, timeoutMs?: number): Promise<void>;
}

export interface Clock {
  now(): Date;
}

/** How often a write without a client precondition is decided again after losing a race. */
const MAX_ATTEMPTS = 8;
const GENERATE_NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
/** Upstream's blockTimeout: how long a read at a position not reached yet waits for it. */
const FRESHNESS_WAIT_MS = 3_000;

/**
 * The I/O edge of object writes: 1. read current state, 2. decide (pure), 3. append with the
 * expected stream version, 4. on a lost race, catch up and decide again, 5. answer with the object
 * as appended.
 *
 * Read-your-writes without a round trip per write: a write answers once committed, and every later
 * read or update first waits until the projection holds all this API's writes so far (as upstream
 * serves consistent reads from its watch cache once the cache has caught up with etcd). A create
 * decides on the projection as it is, and only when that decision fails (no such namespace, the
 * name taken) on a projection behind this API's own writes does it catch up and decide again.
 */
export class ObjectService {
  private readonly addresses: AddressContext;
  /** Highest log position this API has appended. */
  private ownWritesUpTo = 0;

  constructor(
    private readonly store: EventStore,
    private readonly cluster: LiveCluster,
    private readonly waiter: PositionWaiter,
    private readonly clock: Clock,
    addressConfig: AddressConfig,
  ) {
    this.addresses = { config: addressConfig, liveServices: () => cluster.state.list({ group: '', resource: 'services' }).map((s) => s.object) };
  }

  streamId(info: ResourceInfo, namespace: string | undefined, name: string): string {
    return objectStreamId({ group: info.group, resource: info.resource, namespace: info.namespaced ? namespace : undefined, name });
  }

  find(info: ResourceInfo, namespace: string | undefined, name: string): StoredObject | undefined {
    return this.cluster.state.get(this.streamId(info, namespace, name));
  }

  get(info: ResourceInfo, namespace: string | undefined, name: string): KubeObject {
    const stored = this.find(info, namespace, name);
    if (!stored) throw errors.notFound(info.group, info.resource, name);
    return stored.object;
  }

  /**
   * Resolves once the projection has applied the log up to `position`, waiting as long as upstream's
   * watch cache does (3 s); a position the log has not reached by then is 504 Too large resource version.
   */
  async seePosition(position: number): Promise<void> {
    if (this.cluster.state.position >= position) return;
    try {
      await this.waiter.waitFor(position, FRESHNESS_WAIT_MS);
    } catch {
      throw errors.tooLargeResourceVersion(position, this.cluster.state.position);
    }
  }

  /** Resolves once the projection holds every write this API has made (before any read or update). */
  async seeOwnWrites(): Promise<void> {
    if (this.cluster.state.position < this.ownWritesUpTo) await this.waiter.waitFor(this.ownWritesUpTo);
  }

  async create(info: ResourceInfo, namespace: string | undefined, body: KubeObject, request: RequestContext): Promise<KubeObject> {
    return this.retrying(async () => {
      try {
        return await this.createOnce(info, namespace, body, request);
      } catch (err) {
        if (!(err instanceof ApiError) || this.cluster.state.position >= this.ownWritesUpTo) throw err;
        await this.seeOwnWrites();
        return this.createOnce(info, namespace, body, request);
      }
    });
  }

  private async createOnce(info: ResourceInfo, namespace: string | undefined, body: KubeObject, request: RequestContext): Promise<KubeObject> {
    const state = this.cluster.state;
    const ctx = this.writeContext();
    const provisional = body.metadata?.name ?? '';
    const object = decideCreate(
      {
        info,
        namespace,
        body,
        existing: provisional ? this.find(info, namespace, provisional) : undefined,
        namespaceObject: info.namespaced ? state.get(objectStreamId({ group: '', resource: 'namespaces', name: namespace ?? '' })) : undefined,
        manager: request.manager,
        addresses: this.addresses,
        ...podAdmissionSourcesIn(state),
      },
      ctx,
    );
    const name = object.metadata.name ?? '';
    if (!provisional && this.find(info, namespace, name)) throw errors.alreadyExists(info.group, info.resource, name);
    if (request.dryRun) return object;
    const streamId = this.streamId(info, namespace, name);
    const position = await this.append(info, streamId, state.streamVersion(streamId), objectEvent(ObjectEventType.Created, info, object, this.metadata(request)), undefined, object);
    return written(object, position);
  }

  /** PUT, and the last step of PATCH: `mutate` turns the current object into the requested one. */
  async update(
    info: ResourceInfo,
    namespace: string | undefined,
    name: string,
    subresource: string | undefined,
    mutate: (current: StoredObject) => KubeObject,
    request: RequestContext,
  ): Promise<KubeObject> {
    return this.retrying(async () => {
      await this.seeOwnWrites();
      const current = this.find(info, namespace, name);
      if (!current) throw errors.notFound(info.group, info.resource, name);
      const body = mutate(current);
      const decision = decideUpdate({ info, subresource, namespace, name, body, current, manager: request.manager, now: this.clock.now(), addresses: this.addresses });
      if (decision.kind === 'unchanged' || request.dryRun) return decision.object;
      const type = decision.kind === 'delete' ? ObjectEventType.Deleted : ObjectEventType.Updated;
      const event = objectEvent(type, info, decision.object, this.metadata(request), subresource ? { subresource } : {});
      const streamId = this.streamId(info, namespace, name);
      const position = await this.append(info, streamId, current.streamVersion, event, current.object, type === ObjectEventType.Deleted ? undefined : decision.object);
      return written(decision.object, position);
    });
  }

  /** A write that is not an update of the object as sent, such as pods/binding: `decide` returns the new object. */
  async rewrite(info: ResourceInfo, namespace: string | undefined, name: string, subresource: string, decide: (current: StoredObject) => KubeObject, request: RequestContext): Promise<KubeObject> {
    return this.retrying(async () => {
      await this.seeOwnWrites();
      const current = this.find(info, namespace, name);
      if (!current) throw errors.notFound(info.group, info.resource, name);
      const next = decide(current);
      if (request.dryRun) return next;
      const streamId = this.streamId(info, namespace, name);
      const position = await this.append(info, streamId, current.streamVersion, objectEvent(ObjectEventType.Updated, info, next, this.metadata(request), { subresource }), current.object, next);
      return written(next, position);
    });
  }

  /**
   * DELETE. `alongside` decides, on the state the delete is decided on, what goes in the same
   * transaction (pods/eviction): a status update of the object itself, appended just before the
   * delete, which is decided on the object it leaves (the evicted pod's DisruptionTarget); and
   * appends to other streams, each expecting its stream as read (the budget's status, so that two
   * evictions can never both take its last disruption). Losing the race on one of those too often
   * answers as upstream's write of that object would: 409 Conflict naming it.
   */
  async delete(
    info: ResourceInfo,
    namespace: string | undefined,
    name: string,
    options: DeleteOptions,
    request: RequestContext,
    alongside: (current: StoredObject, metadata: EventMetadata) => EvictionAppends = () => ({ others: [] }),
  ): Promise<KubeObject | Status> {
    const streamId = this.streamId(info, namespace, name);
    const conflictOnOther = (err: WrongExpectedVersionError) => {
      const other = err.streamId === streamId ? undefined : parseObjectStreamId(err.streamId);
      return other && errors.conflict(other.group, other.resource, other.name);
    };
    return this.retrying(async () => {
      await this.seeOwnWrites();
      const current = this.find(info, namespace, name);
      if (!current) throw errors.notFound(info.group, info.resource, name);
      const metadata = this.metadata(request);
      const { statusUpdate, others } = alongside(current, metadata);
      const now = this.clock.now();
      // A dry run leaves the status as it is, as upstream's eviction adds its condition only for real.
      const update = statusUpdate && !request.dryRun ? decideUpdate({ info, subresource: 'status', namespace, name, body: statusUpdate, current, manager: request.manager, now }) : undefined;
      const updated = update && update.kind !== 'unchanged' ? update.object : undefined;
      const decision = decideDelete(info, updated ? { ...current, object: updated } : current, options, now);
      if (decision.kind === 'unchanged' && !updated) return decision.object;
      const gone = successStatus({ name, group: info.group || undefined, kind: info.resource, uid: current.object.metadata.uid });
      if (request.dryRun) return decision.kind === 'delete' ? gone : decision.object;
      const statusEvents = updated ? [objectEvent(ObjectEventType.Updated, info, updated, metadata, { subresource: 'status' })] : [];
      if (decision.kind === 'unchanged') {
        // Already being deleted: upstream still writes the status, and its second delete changes nothing.
        const [statusEvent] = statusEvents;
        return written(decision.object, await this.append(info, streamId, current.streamVersion, statusEvent, current.object, decision.object, others));
      }
      const type = decision.kind === 'delete' ? ObjectEventType.Deleted : ObjectEventType.Updated;
      const event = objectEvent(type, info, decision.object, metadata, { propagationPolicy: decision.propagationPolicy });
      const after = decision.kind === 'delete' ? undefined : decision.object;
      const position = await this.append(info, streamId, current.streamVersion, event, current.object, after, others, statusEvents);
      return decision.kind === 'delete' ? gone : written(decision.object, position);
    }, conflictOnOther);
  }

  /**
   * Appends the object's event, after `earlier` events of its stream, and in the same transaction
   * what must go with it (address claims, `others`); returns the event's position.
   */
  private async append(
    info: ResourceInfo,
    streamId: string,
    expectedVersion: number,
    event: NewEvent,
    before: KubeObject | undefined,
    after: KubeObject | undefined,
    others: StreamAppend[] = [],
    earlier: NewEvent[] = [],
  ): Promise<number> {
    const companions = companionAppends(info, before, after, (id) => this.cluster.state.streamVersion(id), event.metadata);
    const results = await this.store.appendAll([{ streamId, expectedVersion, events: [...earlier, event] }, ...companions, ...others]);
    this.ownWritesUpTo = Math.max(this.ownWritesUpTo, ...results.flatMap((r) => r.positions));
    // The object's own event: its resourceVersion.
    return results[0].positions[earlier.length];
  }

  /**
   * Runs a read-decide-append step again when another writer won the race: the projection first
   * catches up with the log head, then the step decides on fresh state. A client's resourceVersion
   * precondition then fails in the decision itself, with 409 Conflict. After the last attempt,
   * `exhausted` may name the answer for the race lost.
   */
  private async retrying<T>(step: () => Promise<T>, exhausted?: (err: WrongExpectedVersionError) => ApiError | undefined): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await step();
      } catch (err) {
        if (!(err instanceof WrongExpectedVersionError)) throw err;
        if (attempt >= MAX_ATTEMPTS) throw exhausted?.(err) ?? errors.conflict('', err.streamId, err.streamId, 'too many concurrent writers, please retry');
        await this.waiter.waitFor(await this.store.headPosition());
      }
    }
  }

  private writeContext(): WriteContext {
    return {
      now: this.clock.now(),
      newUid: randomUUID,
      randomSuffix: () => Array.from({ length: 5 }, () => GENERATE_NAME_ALPHABET[Math.floor(Math.random() * GENERATE_NAME_ALPHABET.length)]).join(''),
    };
  }

  private metadata(request: RequestContext): EventMetadata {
    const { correlationId, actor, impersonator } = request;
    return { correlationId, causationId: correlationId, actor, ...(impersonator ? { impersonator } : {}), time: this.clock.now().toISOString() };
  }
}

/**
 * The object as the append recorded it, which is what the projection holds at that position. Read
 * from the projection instead, it may already be gone: a kubelet can finish a graceful delete at once.
 */
function written(object: KubeObject, position: number): KubeObject {
  return { ...object, metadata: { ...object.metadata, resourceVersion: String(position) } };
}
