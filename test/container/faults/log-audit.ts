// Reads the whole event log, in order, and checks what a consumer that applied an event twice, or a
// reconcile repeated on a stale cache, would leave behind. Incremental: each `audit()` reads on from
// where the last one stopped, so checking after every fault costs only the new events.
import { ObjectEventType, parseObjectStreamId, type KubeObject, type ObjectEventData, type RecordedEvent } from '@kronicle/contracts';
import type { LogReader } from '@kronicle/projection';

interface OwnerRef {
  uid: string;
  kind: string;
  controller?: boolean;
}

const controllerOf = (object: KubeObject) => (object.metadata.ownerReferences as OwnerRef[] | undefined)?.find((o) => o.controller);
/** Upstream IsPodActive: not finished and not being deleted; only active pods count as replicas. */
const isActive = (pod: KubeObject) => !pod.metadata.deletionTimestamp && !['Succeeded', 'Failed'].includes((pod.status as { phase?: string } | undefined)?.phase ?? '');

export interface AuditReport {
  position: number;
  events: number;
  violations: string[];
}

/**
 * The checks, each a way a repeated decision would show in the log:
 *
 * 1. Positions strictly increase (no event doubled or out of order). A hole is allowed: an append
 *    that rolled back (a fault in the middle of one) leaves its positions unused; that no committed
 *    event was skipped is checked against the table (`events` of the report).
 * 2. Every stream's versions go 1, 2, 3… in log order (each append stated the version it expected).
 * 3. Object streams: ObjectCreated only when the stream holds no live object, ObjectUpdated and
 *    ObjectDeleted only on a live one with the same uid. A create delivered or decided twice for one
 *    name would break this (or be refused by its expected version and leave nothing).
 * 4. A pod is bound at most once, and its node never changes: a scheduling decision applied twice
 *    would bind again.
 * 5. No ReplicaSet ever has more active pods than its `spec.replicas` right after it creates one.
 *    Sound because only the ReplicaSet controller creates its pods, it appends them with the
 *    ReplicaSet's status at the version it decided on, so a `replicas` changed meanwhile refuses
 *    the whole batch (its deletes go without the status, so status.replicas may lag the pods, which
 *    is why the check counts pods itself); it waits for its own writes before deciding again; and
 *    an active pod only ever becomes inactive (deleted, finished) — never active again. So a create beyond
 *    `replicas` can only come from a decision taken twice or on a cache missing its own creates,
 *    exactly the duplicates the fault suite looks for; new pod names are different on each retry,
 *    so check 3 alone would not see them.
 * 6. One Deployment never gets two ReplicaSets for the same pod-template-hash.
 */
export class LogAudit {
  private position = 0;
  private events = 0;
  private readonly violations: string[] = [];
  private readonly versions = new Map<string, number>();
  private readonly live = new Map<string, KubeObject>();
  /** ReplicaSet uid → its replicas; and → the streams of its active pods. */
  private readonly replicas = new Map<string, number>();
  private readonly activePods = new Map<string, Set<string>>();
  private readonly bound = new Map<string, string>();
  private readonly replicaSetsByHash = new Map<string, string>();

  constructor(private readonly reader: LogReader) {}

  async audit(): Promise<AuditReport> {
    for (;;) {
      const page = await this.reader.readAll(this.position, 5_000);
      for (const event of page) this.check(event);
      if (page.length < 5_000) break;
    }
    return { position: this.position, events: this.events, violations: [...this.violations] };
  }

  private violation(event: RecordedEvent, message: string): void {
    this.violations.push(`@${event.position} ${event.streamId} ${event.type} (${event.metadata.actor}, correlation ${event.metadata.correlationId}): ${message}`);
  }

  private check(event: RecordedEvent): void {
    this.events++;
    if (event.position <= this.position) this.violation(event, `position follows ${this.position}`);
    this.position = event.position;
    const version = this.versions.get(event.streamId) ?? 0;
    if (event.streamVersion !== version + 1) this.violation(event, `stream version ${event.streamVersion} follows ${version}`);
    this.versions.set(event.streamId, event.streamVersion);
    const key = parseObjectStreamId(event.streamId);
    if (!key) return;
    const data = event.data as ObjectEventData;
    const object = data.object;
    const before = this.live.get(event.streamId);
    if (event.type === ObjectEventType.Created) {
      if (before) this.violation(event, `created while ${before.metadata.uid} is live`);
      this.live.set(event.streamId, object);
    } else if (event.type === ObjectEventType.Updated || event.type === ObjectEventType.Deleted) {
      if (!before) this.violation(event, 'changes an object that is not live');
      else if (before.metadata.uid !== object.metadata.uid) this.violation(event, `changes uid ${object.metadata.uid}, live is ${before.metadata.uid}`);
      if (event.type === ObjectEventType.Deleted) this.live.delete(event.streamId);
      else this.live.set(event.streamId, object);
    } else return;
    const gone = event.type === ObjectEventType.Deleted;

    if (key.group === 'apps' && key.resource === 'replicasets') {
      const uid = object.metadata.uid!;
      if (gone) this.replicas.delete(uid);
      else this.replicas.set(uid, (object.spec as { replicas?: number } | undefined)?.replicas ?? 1);
      const owner = controllerOf(object);
      const hash = object.metadata.labels?.['pod-template-hash'];
      if (event.type === ObjectEventType.Created && owner && hash) {
        const earlier = this.replicaSetsByHash.get(`${owner.uid}/${hash}`);
        if (earlier && earlier !== event.streamId) this.violation(event, `a second ReplicaSet for template hash ${hash} of ${owner.kind} ${owner.uid} (first: ${earlier})`);
        this.replicaSetsByHash.set(`${owner.uid}/${hash}`, event.streamId);
      }
    }

    if (key.group === '' && key.resource === 'pods') {
      const uid = object.metadata.uid!;
      const node = (object.spec as { nodeName?: string } | undefined)?.nodeName;
      if (data.subresource === 'binding' && this.bound.has(uid)) this.violation(event, `bound again (to ${node}; first to ${this.bound.get(uid)})`);
      if (node) {
        const first = this.bound.get(uid);
        if (first && first !== node) this.violation(event, `moved from node ${first} to ${node}`);
        this.bound.set(uid, node);
      }
      const owner = controllerOf(object);
      if (owner?.kind === 'ReplicaSet') {
        let active = this.activePods.get(owner.uid);
        if (!active) this.activePods.set(owner.uid, (active = new Set()));
        if (!gone && isActive(object)) active.add(event.streamId);
        else active.delete(event.streamId);
        const replicas = this.replicas.get(owner.uid);
        if (event.type === ObjectEventType.Created && replicas !== undefined && active.size > replicas) {
          this.violation(event, `ReplicaSet ${owner.uid} now has ${active.size} active pods, replicas ${replicas}`);
        }
      }
    }
  }
}
