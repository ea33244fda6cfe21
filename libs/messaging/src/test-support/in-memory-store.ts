import type { NewEvent, RecordedEvent } from '@kronicle/contracts';
import type { EventStore, StreamSelection } from '@kronicle/event-store';
import { randomUUID } from 'node:crypto';

/** Just enough of an event store for unit tests: a gapless array and a checkpoint map. */
export class InMemoryStore implements EventStore {
  readonly events: RecordedEvent[] = [];
  readonly checkpoints = new Map<string, number>();
  private listeners = new Set<(head: number) => void>();

  /** Appends one event of the given type to its own stream and returns it. */
  add(type = 'Thing', streamId = `s-${this.events.length + 1}`): RecordedEvent {
    const event: RecordedEvent = {
      id: randomUUID(),
      type,
      data: {},
      metadata: { correlationId: `c-${this.events.length + 1}`, actor: 'test', time: new Date(0).toISOString() },
      position: this.events.length + 1,
      streamId,
      streamVersion: 1,
    };
    this.events.push(event);
    for (const listener of this.listeners) listener(event.position);
    return event;
  }

  async append(streamId: string, _expected: unknown, events: NewEvent[]) {
    const positions = events.map((e) => this.add(e.type, streamId).position);
    return { streamId, nextExpectedVersion: positions.length, positions };
  }
  async appendAll(): Promise<never> {
    throw new Error('not needed by these tests');
  }
  async readStream(streamId: string) {
    return this.events.filter((e) => e.streamId === streamId);
  }
  async readAll(afterPosition: number, limit: number) {
    return this.events.slice(afterPosition, afterPosition + limit);
  }
  async readLastEvents(selection: StreamSelection, atPosition: number) {
    const selected = (id: string) => ('streamIds' in selection ? selection.streamIds.includes(id) : id.startsWith(selection.streamPrefix));
    const last = new Map<string, RecordedEvent>();
    for (const event of this.events.slice(0, atPosition)) if (selected(event.streamId)) last.set(event.streamId, event);
    return [...last.values()].sort((a, b) => a.position - b.position);
  }
  async headPosition() {
    return this.events.length;
  }
  async readCheckpoint(consumer: string) {
    return this.checkpoints.get(consumer) ?? 0;
  }
  async storeCheckpoint(consumer: string, position: number) {
    this.checkpoints.set(consumer, position);
  }
  async onAppended(listener: (head: number) => void) {
    this.listeners.add(listener);
    return async () => void this.listeners.delete(listener);
  }
  async close() {}
}
