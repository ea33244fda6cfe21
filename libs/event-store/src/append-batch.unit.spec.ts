import type { NewEvent } from '@kronicle/contracts';
import { describe, expect, it } from 'vitest';
import { decodeGroupOutcome, encodeAppendBatch, validateAppendGroup } from './append-batch';
import { WrongExpectedVersionError } from './event-store';

const event = (type: string): NewEvent => ({ type, data: { type }, metadata: { correlationId: 'c', actor: 'user:a', time: 't' } });

describe('encodeAppendBatch', () => {
  it('sends small headers and every event once, flattened in request order', () => {
    // Given two groups, the second with a checkpoint and an 'any' request
    const groups = [
      { requests: [{ streamId: 'a', expectedVersion: 0, events: [event('A1'), event('A2')] }] },
      {
        requests: [
          { streamId: 'b', expectedVersion: 'any' as const, events: [event('B1')] },
          { streamId: 'c', expectedVersion: 3, events: [] },
        ],
        checkpoint: { consumer: 'x', position: 7 },
      },
    ];

    // When encoded
    const [headers, types, data, metadata] = encodeAppendBatch(groups);

    // Then the headers carry counts and versions ('any' as null), and the events follow in order
    expect(JSON.parse(headers)).toEqual([
      { requests: [{ streamId: 'a', expected: 0, count: 2 }], checkpoint: null },
      {
        requests: [
          { streamId: 'b', expected: null, count: 1 },
          { streamId: 'c', expected: 3, count: 0 },
        ],
        checkpoint: { consumer: 'x', position: 7 },
      },
    ]);
    expect(types).toEqual(['A1', 'A2', 'B1']);
    expect(JSON.parse(data.toString())).toEqual([{ type: 'A1' }, { type: 'A2' }, { type: 'B1' }]);
    expect(JSON.parse(metadata)).toEqual([event('A1').metadata, event('A2').metadata, event('B1').metadata]);
  });

  it.each([0, 1, 31, 32, 33, 64, 65, 500])("joins %i events' data stringified in slices into one JSON array", (count) => {
    const types = Array.from({ length: count }, (_, i) => `E${i}`);
    const [, , data] = encodeAppendBatch([{ requests: [{ streamId: 'a', expectedVersion: 'any', events: types.map(event) }] }]);
    expect(JSON.parse(data.toString())).toEqual(types.map((type) => ({ type })));
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
