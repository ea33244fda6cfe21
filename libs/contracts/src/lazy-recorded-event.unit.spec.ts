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

    expect([lazy.id, lazy.data, lazy.metadata]).toEqual([event.id, event.data, event.metadata]);
    expect(parse).toHaveBeenCalledTimes(1);
  });

  it('reads its metadata from the end of the text, without parsing the object', () => {
    const text = JSON.stringify(event);
    const parse = vi.spyOn(JSON, 'parse');
    const lazy = new LazyRecordedEvent(event.position, event.type, event.streamId, event.streamVersion, text);
    expect(lazy.metadata).toEqual(event.metadata);
    expect(parse).toHaveBeenCalledTimes(1);
    expect(parse.mock.calls[0][0]).toBe(JSON.stringify(event.metadata));
  });

  it('parses the whole text for its metadata when metadata is not its last member', () => {
    // The object's own metadata is the last `,"metadata":` in the text.
    const { metadata, data, ...rest } = event;
    const text = JSON.stringify({ ...rest, metadata, data });
    const lazy = new LazyRecordedEvent(event.position, event.type, event.streamId, event.streamVersion, text);
    expect(lazy.metadata).toEqual(event.metadata);
    expect(lazy.data).toEqual(event.data);
  });

  it('gives the data its own process appended without parsing, and the rest as the text says', () => {
    const written = { data: structuredClone(event.data) };
    const parse = vi.spyOn(JSON, 'parse');
    const lazy = new LazyRecordedEvent(event.position, event.type, event.streamId, event.streamVersion, JSON.stringify(event), written);
    expect(lazy.data).toBe(written.data);
    expect(parse).not.toHaveBeenCalled();
    expect(lazy.toJSON()).toEqual(event);
  });

  it('reads as the event it is, spread or stringified', () => {
    const lazy = new LazyRecordedEvent(event.position, event.type, event.streamId, event.streamVersion, JSON.stringify(event));
    expect(JSON.parse(JSON.stringify(lazy))).toEqual(event);
    expect({ ...lazy.toJSON() }).toEqual(event);
  });

  it('takes its appender\'s copy of its data arriving later only while nothing has read its data', () => {
    const early = new LazyRecordedEvent(event.position, event.type, event.streamId, event.streamVersion, JSON.stringify(event));
    const copy = { data: structuredClone(event.data) };
    early.supplyWritten(copy);
    expect(early.data).toBe(copy.data);

    const read = new LazyRecordedEvent(event.position, event.type, event.streamId, event.streamVersion, JSON.stringify(event));
    const parsed = read.data;
    read.supplyWritten(copy);
    expect(read.data).toBe(parsed);
  });
});
