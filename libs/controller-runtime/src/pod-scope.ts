import { ObjectEventType, objectStreamPrefix, parseObjectStreamId } from '@kronicle/contracts';
import type { StreamSelection } from '@kronicle/event-store';
import { LEAN_FEED_POD_KEYS, LIGHT_FEED_POD_KEYS, podNodeName, type EventMeta } from '@kronicle/messaging';
import type { ClusterState, ObjectChange } from '@kronicle/projection';

/**
 * The pods a controller reads, when it reads only some: a process whose controllers all say so
 * keeps only those pods in its cache. Pods are most of a busy cluster's events, and a controller
 * with nothing to do for a pod (the network controller, while no Service selects in its namespace)
 * would otherwise fold every change of every pod.
 */
export interface PodsRead {
  /** Pods it reads wherever they are, known by a key (or string) in their JSON, e.g. `ownerReferences`. */
  withFields: readonly string[];
  /**
   * Pods whose JSON holds one of these strings as written: owners' kinds other than ReplicaSet, e.g.
   * `"kind":"Job"` (found only in ownerReferences), so that the lean feed brings those pods whole.
   */
  withText?: readonly `"kind":"${string}"`[];
  /**
   * Whether it reads the pods bound to a node, as the cache is when a pod event comes (e.g. a node
   * with a NoExecute taint, or none of that name). Asked of pod events: it must be cheap.
   */
  readsPodsOn?(node: string, state: ClusterState): boolean;
  /**
   * What a change the cache applied makes it read from then on: every pod of some namespaces (a
   * Service that selects pods, say), pods by stream id (those an object names as its owners), or the
   * pods bound to some nodes (a node tainted, or gone; only with `readsPodsOn`, which makes the scope
   * keep each pod's node). Asked of every change: it must not parse what it need not.
   */
  widenedBy(change: ObjectChange): PodsWidening | undefined;
}

export interface PodsWidening {
  namespaces?: readonly string[];
  streamIds?: readonly string[];
  nodes?: readonly string[];
}

/** A controller that reads no pod. */
export const readsNoPods: PodsRead = { withFields: [], widenedBy: () => undefined };

const namespacePrefix = (namespace: string) => `${objectStreamPrefix({ group: '', resource: 'pods' })}${namespace}/`;
const namespaceOf = (streamId: string) => parseObjectStreamId(streamId)?.namespace ?? '';

/**
 * Which pods a process's cache takes: the union of its controllers' `PodsRead`. A scope only
 * grows (a namespace, a pod or a node once in it stays), so a cache rebuilt from the log decides as
 * the live one did. A pod once taken is followed
 * until it is deleted (a change that drops the key it was taken for must reach the cache). What
 * comes into scope after its events went by is read from the log (`widening`), as the log had it
 * at the cache's position; events passed over until then are read with it.
 */
export class PodScope {
  private readonly fields: string[];
  private readonly texts: string[];
  /** The leanest feed that keeps the text of every pod the fields and texts can take (messaging's log-feed). */
  private readonly leanestFeed: 'full' | 'light' | 'lean';
  private readonly namespaces = new Set<string>();
  private readonly streams = new Set<string>();
  private readonly nodes = new Set<string>();
  private readonly followed = new Set<string>();
  /** Every live bound pod's node, and each node's pods, as their events said: which pods to read when a node comes into scope. */
  private readonly nodeOf = new Map<string, string>();
  private readonly podsOn = new Map<string, Set<string>>();
  private readonly onNodes: NonNullable<PodsRead['readsPodsOn']>[];
  /** Whether pods are read by node at all: else no pod's node is kept (most processes; it costs per pod event). */
  private readonly byNode: boolean;
  private widenedNamespaces: string[] = [];
  private widenedStreams: string[] = [];

  constructor(
    private readonly reads: readonly PodsRead[],
    private readonly state: ClusterState,
  ) {
    this.onNodes = reads.flatMap((r) => (r.readsPodsOn ? [r.readsPodsOn] : []));
    this.byNode = this.onNodes.length > 0;
    const fields = [...new Set(reads.flatMap((r) => r.withFields))];
    this.texts = [...new Set(reads.flatMap((r) => r.withText ?? []))];
    this.fields = fields.map((field) => `"${field}"`);
    const inFeed = (keys: readonly string[]) => fields.every((field) => keys.includes(field));
    this.leanestFeed = inFeed(LEAN_FEED_POD_KEYS) && !this.texts.includes('"kind":"ReplicaSet"') ? 'lean' : inFeed(LIGHT_FEED_POD_KEYS) ? 'light' : 'full';
  }

  /** The union of the controllers' reads; undefined (every pod) unless each declares them. */
  static of(reads: readonly (PodsRead | undefined)[], state: ClusterState): PodScope | undefined {
    return reads.every((r) => r !== undefined) ? new PodScope(reads, state) : undefined;
  }

  /**
   * The feed its cache can follow: a lighter one while what it takes of pods it does not hold is
   * told by fields (or owners' kinds) whose pods that feed brings whole (it reads those it comes to
   * want from the log).
   */
  feed(): 'full' | 'light' | 'lean' {
    return this.namespaces.size === 0 ? this.leanestFeed : 'full';
  }

  /**
   * Whether the cache takes this event of a pod's stream; its text is missing where the light feed
   * left it out (the feed's meta still says the pod's node). Asked in log order, of every pod event.
   */
  takes(meta: Pick<EventMeta, 'type' | 'streamId' | 'node'>, json: string | undefined): boolean {
    const { streamId } = meta;
    const node = this.byNode ? (meta.node ?? (json === undefined ? undefined : podNodeName(json))) : undefined;
    if (this.byNode) this.bind(streamId, meta.type === ObjectEventType.Deleted ? undefined : node);
    if (this.followed.has(streamId) || this.streams.has(streamId)) return this.follow(streamId);
    if (this.namespaces.size > 0 && this.namespaces.has(namespaceOf(streamId))) return this.follow(streamId);
    if (node !== undefined) {
      if (this.nodes.has(node)) return this.follow(streamId);
      for (const reads of this.onNodes) if (reads(node, this.state)) return this.follow(streamId);
    }
    if (json === undefined) return false;
    for (const field of this.fields) if (json.includes(field)) return this.follow(streamId);
    for (const text of this.texts) if (json.includes(text)) return this.follow(streamId);
    return false;
  }

  private follow(streamId: string): true {
    this.followed.add(streamId);
    return true;
  }

  /** Where a pod is bound now (undefined: nowhere, or gone); a pod moves at most once, when it is bound. */
  private bind(streamId: string, node: string | undefined): void {
    const before = this.nodeOf.get(streamId);
    if (before === node) return;
    if (before !== undefined) {
      this.podsOn.get(before)?.delete(streamId);
      if (this.podsOn.get(before)?.size === 0) this.podsOn.delete(before);
    }
    if (node === undefined) {
      this.nodeOf.delete(streamId);
      return;
    }
    this.nodeOf.set(streamId, node);
    let pods = this.podsOn.get(node);
    if (!pods) this.podsOn.set(node, (pods = new Set()));
    pods.add(streamId);
  }

  /** A change the cache applied: a deleted pod is no longer followed; any change may widen the scope. */
  applied(change: ObjectChange): void {
    if (change.type === 'DELETED') this.followed.delete(change.streamId);
    else if (change.group === '' && change.resource === 'pods') this.followed.add(change.streamId);
    for (const read of this.reads) {
      const widened = read.widenedBy(change);
      for (const namespace of widened?.namespaces ?? []) {
        if (this.namespaces.has(namespace)) continue;
        this.namespaces.add(namespace);
        this.widenedNamespaces.push(namespace);
      }
      const onNodes: string[] = [];
      if (widened?.nodes?.length && !this.byNode) throw new Error('a scope widened by nodes needs a controller that reads pods on nodes (readsPodsOn)');
      for (const node of widened?.nodes ?? []) {
        if (this.nodes.has(node)) continue;
        this.nodes.add(node);
        onNodes.push(...(this.podsOn.get(node) ?? []));
      }
      for (const streamId of [...(widened?.streamIds ?? []), ...onNodes]) {
        if (this.streams.has(streamId) || this.followed.has(streamId)) continue;
        this.streams.add(streamId);
        this.widenedStreams.push(streamId);
      }
    }
  }

  /** The pod streams that came into scope and are not read from the log yet. */
  widening(): StreamSelection[] {
    const selections: StreamSelection[] = this.widenedNamespaces.map((namespace) => ({ streamPrefix: namespacePrefix(namespace) }));
    const streamIds = this.widenedStreams.filter((id) => !this.namespaces.has(namespaceOf(id)));
    if (streamIds.length > 0) selections.push({ streamIds });
    return selections;
  }

  /** What `widening` gave has been read from the log and applied. */
  widened(): void {
    this.widenedNamespaces = [];
    this.widenedStreams = [];
  }
}
