import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RecordedEvent } from './events';
import { LazyRecordedEvent } from './lazy-recorded-event';

const event: RecordedEvent = {
  id: 'e7',
  position: 7,
  streamId: 'k8s/core/pods/default/web',
  streamVersion: 3,
  type: 'ObjectUpdated',
  data: { group: '', resource: 'pods', object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' } } },
  metadata: { correlationId: 'c', actor: 'service:scheduler', time: '2026-11-29T00:00:00Z' },
};

describe('an event read lazily from the log feed', () => {
  afterEach(() => vi.restoreAllMocks());

  it('knows its place in the log without parsing, and parses its JSON once, when first looked into', () => {
    const parse = vi.spyOn(JSON, 'parse');
    const lazy = new LazyRecordedEvent(event.position, event.type, event.streamId, event.streamVersion, JSON.stringify(event));
    expect([lazy.position, lazy.type, lazy.streamId, lazy.streamVersion]).toEqual([7, 'ObjectUpdated', 'k8s/core/pods/default/web', 3]);
    expect(parse).not.toHaveBeenCalled();

    expect(lazy.metadata.actor).toBe('service:scheduler');
    expect([lazy.id, lazy.data]).toEqual([event.id, event.data]);
    expect(parse).toHaveBeenCalledTimes(1);
  });

  it('reads as the event it is, spread or stringified', () => {
    const lazy = new LazyRecordedEvent(event.position, event.type, event.streamId, event.streamVersion, JSON.stringify(event));
    expect(JSON.parse(JSON.stringify(lazy))).toEqual(event);
    expect({ ...lazy.toJSON() }).toEqual(event);
  });
});
