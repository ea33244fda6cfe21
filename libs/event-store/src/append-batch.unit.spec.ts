import type { NewEvent } from '@kronicle/contracts';
import { describe, expect, it } from 'vitest';
import { decodeAppendRow, decodeGroupOutcome, encodeAppendBatch, validateAppendGroup } from './append-batch';
import { WrongExpectedVersionError } from './event-store';

const event = (type: string): NewEvent => ({ type, data: { type }, metadata: { correlationId: 'c', actor: 'user:a', time: 't' } });

describe('encodeAppendBatch', () => {
  it('sends per request, per group and per event arrays, the distinct streams sorted, and every event once in request order', () => {
    // Given two groups, the second with a checkpoint, an 'any' request and a request with no events
    const groups = [
      { requests: [{ streamId: 'm', expectedVersion: 0, events: [event('M1'), event('M2')] }] },
      {
        requests: [
          { streamId: 'b', expectedVersion: 'any' as const, events: [event('B1')] },
          { streamId: 'm', expectedVersion: 3, events: [] },
        ],
        checkpoint: { consumer: 'x', position: 7 },
      },
    ];

    // When encoded
    const [streams, expected, counts, slots, sizes, consumers, positions, slotStreams, eventStreams, eventRequests, eventIndexes, events] = encodeAppendBatch(groups);

    // Then each request says its stream, version ('any' as null), count and its stream's slot among the sorted distinct streams
    expect({ streams, expected, counts, slots, slotStreams }).toEqual({ streams: ['m', 'b', 'm'], expected: [0, null, 3], counts: [2, 1, 0], slots: [2, 1, 2], slotStreams: ['b', 'm'] });
    // And each group its size and checkpoint (null: none)
    expect({ sizes, consumers, positions }).toEqual({ sizes: [1, 2], consumers: [null, 'x'], positions: [null, 7] });
    // And each event its stream, request (from 1) and index in it, beside the events in order
    expect({ eventStreams, eventRequests, eventIndexes }).toEqual({ eventStreams: ['m', 'm', 'b'], eventRequests: [1, 1, 2], eventIndexes: [0, 1, 0] });
    expect(JSON.parse(String(events)).map((e: NewEvent) => e.type)).toEqual(['M1', 'M2', 'B1']);
  });

  it.each([0, 1, 31, 32, 33, 64, 65, 500])('joins %i events stringified in slices into one JSON array', (count) => {
    const types = Array.from({ length: count }, (_, i) => `E${i}`);
    const events = encodeAppendBatch([{ requests: [{ streamId: 'a', expectedVersion: 'any', events: types.map(event) }] }])[11];
    expect(JSON.parse(String(events)).map((e: NewEvent) => e.type)).toEqual(types);
  });
});

describe('decodeAppendRow', () => {
  it("gives each group its requests' versions and positions, or its conflict", () => {
    const groups = [
      { requests: [{ streamId: 'a', expectedVersion: 0, events: [event('A')] }, { streamId: 'b', expectedVersion: 'any' as const, events: [] }] },
      { requests: [{ streamId: 'c', expectedVersion: 4, events: [event('C')] }] },
      { requests: [{ streamId: 'd', expectedVersion: 0, events: [event('D')] }] },
    ];
    const row = { next_versions: [1, 7, 0, 1], first_positions: ['11', '12', '0', '12'], conflicts: [null, { streamId: 'c', expected: 4, actual: 5 }, null] };
    expect(decodeAppendRow(groups, row)).toEqual([{ ok: [[1, 11], [7, 12]] }, { conflict: { streamId: 'c', expected: 4, actual: 5 } }, { ok: [[1, 12]] }]);
  });
});

describe('decodeGroupOutcome', () => {
  const group = {
    requests: [
      { streamId: 'a', expectedVersion: 0, events: [event('A1'), event('A2')] },
      { streamId: 'b', expectedVersion: 'any' as const, events: [event('B1')] },
    ],
  };

  it('gives each request its next version and consecutive positions', () => {
    expect(decodeGroupOutcome(group, { ok: [[2, 11], [5, 13]] })).toEqual([
      { streamId: 'a', nextExpectedVersion: 2, positions: [11, 12] },
      { streamId: 'b', nextExpectedVersion: 5, positions: [13] },
    ]);
  });

  it('turns a conflict into WrongExpectedVersionError', () => {
    const error = decodeGroupOutcome(group, { conflict: { streamId: 'a', expected: 0, actual: 4 } });
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(error).toMatchObject({ streamId: 'a', expectedVersion: 0, actualVersion: 4, message: 'stream a is at version 4, expected 0' });
  });
});

describe('validateAppendGroup', () => {
  it.each([-1, 1.5, Number.NaN, 2 ** 31])('refuses expected version %s', (expectedVersion) => {
    expect(() => validateAppendGroup({ requests: [{ streamId: 'a', expectedVersion, events: [] }] })).toThrow(TypeError);
  });

  it('refuses an empty stream id and a negative checkpoint', () => {
    expect(() => validateAppendGroup({ requests: [{ streamId: '', expectedVersion: 0, events: [] }] })).toThrow(TypeError);
    expect(() => validateAppendGroup({ requests: [], checkpoint: { consumer: 'x', position: -1 } })).toThrow(TypeError);
  });

  it('refuses what a NATS header cannot carry: a line break in a stream id or type, an event without actor or correlation id', () => {
    const metadata = { correlationId: 'c', actor: 'user:a', time: '2026-01-01T00:00:00Z' };
    const group = (streamId: string, event: object) => ({ requests: [{ streamId, expectedVersion: 'any' as const, events: [event as NewEvent] }] });
    expect(() => validateAppendGroup(group('a\nb', { type: 'T', data: {}, metadata }))).toThrow(/streamId must not contain a line break/);
    expect(() => validateAppendGroup(group('a', { type: 'T\r', data: {}, metadata }))).toThrow(/type of an event on a/);
    expect(() => validateAppendGroup(group('a', { type: 'T', data: {}, metadata: { ...metadata, actor: '' } }))).toThrow(/metadata.actor/);
    expect(() => validateAppendGroup(group('a', { type: 'T', data: {}, metadata: {} }))).toThrow(/metadata.actor/);
    expect(() => validateAppendGroup(group('a', { type: 'T', data: {}, metadata: { actor: 'x' } }))).toThrow(/metadata.correlationId/);
    expect(() => validateAppendGroup(group('a', { type: 'T\t"x"', data: {}, metadata }))).not.toThrow();
  });

  it('refuses an event without data, and takes null as its data', () => {
    const metadata = { correlationId: 'c', actor: 'user:a', time: '2026-01-01T00:00:00Z' };
    const group = (data: unknown) => ({ requests: [{ streamId: 'a', expectedVersion: 'any' as const, events: [{ type: 'T', data, metadata }] }] });
    expect(() => validateAppendGroup(group(undefined))).toThrow(/data of an event on a must be a JSON value/);
    expect(() => validateAppendGroup(group(null))).not.toThrow();
  });

  it("accepts 'any', 0 and positive versions", () => {
    for (const expectedVersion of ['any' as const, 0, 7]) {
      expect(() => validateAppendGroup({ requests: [{ streamId: 'a', expectedVersion, events: [] }] })).not.toThrow();
    }
  });
});
