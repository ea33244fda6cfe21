import { objectStreamId, type KubeObject, type RecordedEvent } from '@kronicle/contracts';
import { rebuildState, toObjectChange, type ClusterState, type LogReader, type ObjectChange } from '@kronicle/projection';
import type { EventStore } from '@kronicle/event-store';
import type { LiveCluster } from '../cluster/live-cluster';
import { listObjects, matchesObject, type ListQuery } from '../objects/list-objects';
import { apiVersionOf, type ResourceInfo } from '@kronicle/object-lifecycle';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchEvent {
  type: WatchEventType;
  object: KubeObject;
}

export interface WatchRequest {
  info: ResourceInfo;
  query: Omit<ListQuery, 'limit' | 'continueToken'>;
  /** Undefined or '0': start with synthetic ADDED events for the current state. Otherwise resume after it. */
  resourceVersion?: string;
  /** With a resourceVersion, still send the state at that version first (sendInitialEvents=true). */
  sendInitialEvents?: boolean;
}

const HISTORY_PAGE = 5_000;

/** What a watch reads of the log: history by position, and an object's own events. */
export type WatchLog = LogReader & Pick<EventStore, 'readStream'>;

/**
 * One watch: events of a resource in log order, from any resourceVersion in history (the log keeps
 * everything, so nothing is ever compacted away), then live. Objects moving in or out of the
 * selectors appear as ADDED and DELETED, as upstream's watch cache shows them.
 */
export class WatchSession {
  /** Keys of the objects the client currently sees as matching. */
  private readonly visible = new Set<string>();
  private position = 0;
  private live: ObjectChange[] | undefined = [];
  private unsubscribe?: () => void;
  private emit: (event: WatchEvent) => void = () => undefined;

  constructor(
    private readonly request: WatchRequest,
    private readonly cluster: LiveCluster,
    private readonly log: WatchLog,
  ) {}

  /** Sends the initial events and history to `emit`, then follows live changes until `stop`. */
  async start(emit: (event: WatchEvent) => void): Promise<void> {
    this.emit = emit;
    // Subscribe before reading, buffering, so no change between the read and the switch to live is lost.
    this.unsubscribe = this.cluster.onChange((change) => (this.live ? this.live.push(change) : this.deliver(change)));
    const { resourceVersion, sendInitialEvents } = this.request;
    const head = this.cluster.state.position;
    if (!resourceVersion || resourceVersion === '0') {
      this.sendState(this.cluster.state);
    } else {
      const from = Math.min(Number(resourceVersion), head);
      if (sendInitialEvents) this.sendState(await rebuildState(this.log, from));
      else if (this.hasSelectors()) await this.recallVisible(from, head);
      this.position = from;
      await this.replayHistory(head);
      this.position = Math.max(this.position, from);
    }
    if (sendInitialEvents) this.emit(this.bookmark({ 'k8s.io/initial-events-end': 'true' }));
    const buffered = this.live ?? [];
    this.live = undefined;
    for (const change of buffered) this.deliver(change);
  }

  stop(): void {
    this.unsubscribe?.();
  }

  bookmark(annotations?: Record<string, string>): WatchEvent {
    const { info } = this.request;
    return {
      type: 'BOOKMARK',
      object: { apiVersion: apiVersionOf(info), kind: info.kind, metadata: { resourceVersion: String(this.position), ...(annotations ? { annotations } : {}) } },
    };
  }

  private hasSelectors(): boolean {
    return this.request.query.labels.length > 0 || this.request.query.fields.length > 0;
  }

  /** The state as ADDED events. */
  private sendState(state: ClusterState): void {
    for (const object of listObjects(state, this.request.info, this.request.query).items) {
      this.visible.add(keyOf(object));
      this.emit({ type: 'ADDED', object });
    }
    this.position = state.position;
  }

  /**
   * What a client resuming at `from` with selectors already sees: the objects matching them then.
   * An object unchanged since is as it is now; one changed since is read from its own stream as it
   * was at `from`. So a resume reads the history since `from`, not the log from its start.
   */
  private async recallVisible(from: number, head: number): Promise<void> {
    const { info, query } = this.request;
    const changed = new Set<string>();
    for (let after = from; after < head; ) {
      const page = await this.log.readAll(after, HISTORY_PAGE);
      if (page.length === 0) break;
      for (const event of page) {
        if (event.position > head) break;
        const change = toObjectChange(event);
        if (change?.group === info.group && change.resource === info.resource) changed.add(change.streamId);
      }
      after = page[page.length - 1].position;
    }
    for (const object of listObjects(this.cluster.state, info, query).items) {
      if (!changed.has(streamIdOf(info, object))) this.visible.add(keyOf(object));
    }
    for (const streamId of changed) {
      const then = (await this.log.readStream(streamId)).filter((event) => event.position <= from).map(toObjectChange).pop();
      if (!then || then.type === 'DELETED') continue;
      const namespace = then.object.metadata.namespace;
      if ((!info.namespaced || !query.namespace || namespace === query.namespace) && matchesObject(then, query)) this.visible.add(keyOf(then.object));
    }
  }

  private async replayHistory(head: number): Promise<void> {
    while (this.position < head) {
      const page: RecordedEvent[] = await this.log.readAll(this.position, HISTORY_PAGE);
      if (page.length === 0) return;
      for (const event of page) {
        if (event.position > head) return;
        const change = toObjectChange(event);
        if (change) this.deliver(change);
        this.position = event.position;
      }
    }
  }

  private deliver(change: ObjectChange): void {
    if (change.position <= this.position) return;
    this.position = change.position;
    const { info, query } = this.request;
    if (change.group !== info.group || change.resource !== info.resource) return;
    if (info.namespaced && query.namespace && change.object.metadata.namespace !== query.namespace) return;
    if (!this.hasSelectors()) {
      this.emit({ type: change.type, object: change.object });
      return;
    }
    const key = keyOf(change.object);
    const wasVisible = this.visible.has(key);
    const matches = change.type !== 'DELETED' && matchesObject(change, query);
    if (matches) {
      this.visible.add(key);
      this.emit({ type: wasVisible ? 'MODIFIED' : 'ADDED', object: change.object });
    } else if (wasVisible) {
      this.visible.delete(key);
      this.emit({ type: 'DELETED', object: change.object });
    }
  }
}

function streamIdOf(info: ResourceInfo, object: KubeObject): string {
  return objectStreamId({ group: info.group, resource: info.resource, namespace: object.metadata.namespace, name: object.metadata.name ?? '' });
}

function keyOf(object: KubeObject): string {
  return `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}
