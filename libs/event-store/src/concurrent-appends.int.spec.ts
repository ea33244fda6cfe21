import type { NewEvent, RecordedEvent } from '@kronicle/contracts';
import { createTestDatabase, type TestDatabase } from '@kronicle/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AppendRequest, WrongExpectedVersionError } from './event-store';
import { createPgEventStore, type PgEventStore } from './pg-event-store';

const writers = 8;
const readers = 3;
const roundsPerWriter = 60;
const sharedStreams = ['shared-0', 'shared-1', 'shared-2'];

const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)];
const upTo = (n: number): number => 1 + Math.floor(Math.random() * n);

const marked = (marker: string): NewEvent => ({
  type: 'Marked',
  data: { marker },
  metadata: { correlationId: marker, actor: 'service:test', time: '2026-01-01T00:00:00Z' },
});
const markerOf = (event: RecordedEvent): string => (event.data as { marker: string }).marker;

describe('concurrent appenders and readers', () => {
  let db: TestDatabase;
  const stores: PgEventStore[] = [];

  beforeEach(async () => {
    db = await createTestDatabase();
  });

  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    await db.drop();
  });

  it('every reader sees every committed event exactly once, in one gapless order, and nothing of a failed append', async () => {
    // Given 8 appenders and 3 readers, each a process of its own (its own pool), all starting at once
    const [writerStores, readerStores] = await Promise.all([
      Promise.all(Array.from({ length: writers }, () => createPgEventStore({ connectionString: db.url, poolSize: 2 }))),
      Promise.all(Array.from({ length: readers }, () => createPgEventStore({ connectionString: db.url, poolSize: 1 }))),
    ]);
    stores.push(...writerStores, ...readerStores);
    const committed = new Map<string, number>(); // marker -> position the append returned
    const failed = new Set<string>();
    let conflicts = 0;
    let writing = true;
    let readWhileWriting = 0;

    // When each appender runs rounds of 1-3 concurrent appends (own streams and shared ones, with
    // appendAll batches), keeping its own idea of the shared streams' versions, which goes stale
    const write = async (store: PgEventStore, w: number): Promise<void> => {
      const known = new Map<string, number>();
      const learn = (streamId: string, version: number): void => {
        known.set(streamId, Math.max(version, known.get(streamId) ?? 0));
      };
      for (let round = 0; round < roundsPerWriter; round++) {
        const attempts = Array.from({ length: upTo(3) }, (_, a) => {
          const requests: AppendRequest[] = Array.from({ length: upTo(2) }, (_, r) => {
            const streamId = Math.random() < 0.5 ? pick(sharedStreams) : `w${w}-${round}-${a}-${r}`;
            const events = Array.from({ length: upTo(3) }, (_, e) => marked(`w${w}-${round}-${a}-${r}-${e}`));
            return { streamId, expectedVersion: known.get(streamId) ?? 0, events };
          });
          const append =
            requests.length === 1
              ? store.append(requests[0].streamId, requests[0].expectedVersion, requests[0].events).then((result) => [result])
              : store.appendAll(requests);
          return { requests, append };
        });
        const settled = await Promise.allSettled(attempts.map((attempt) => attempt.append));
        settled.forEach((outcome, a) => {
          const markers = attempts[a].requests.map((request) => request.events.map((event) => (event.data as { marker: string }).marker));
          if (outcome.status === 'fulfilled') {
            outcome.value.forEach((result, r) => {
              learn(result.streamId, result.nextExpectedVersion);
              result.positions.forEach((position, e) => committed.set(markers[r][e], position));
            });
          } else {
            if (!(outcome.reason instanceof WrongExpectedVersionError)) throw outcome.reason;
            conflicts++;
            learn(outcome.reason.streamId, outcome.reason.actualVersion);
            markers.flat().forEach((marker) => failed.add(marker));
          }
        });
      }
    };

    // And each reader pages forward by position, in small pages of varying size, while they run
    const read = async (store: PgEventStore): Promise<RecordedEvent[]> => {
      const seen: RecordedEvent[] = [];
      for (;;) {
        const stillWriting = writing;
        const page = await store.readAll(seen.at(-1)?.position ?? 0, upTo(20));
        seen.push(...page);
        if (stillWriting) readWhileWriting += page.length;
        if (page.length === 0 && !stillWriting) return seen;
      }
    };

    const reading = readerStores.map(read);
    await Promise.all(writerStores.map(write));
    writing = false;
    const seenByReaders = await Promise.all(reading);

    // Then the log is positions 1..N without a gap
    const log = await readerStores[0].readAll(0, 1_000_000);
    expect(log.map((event) => event.position)).toEqual(log.map((_, i) => i + 1));
    expect(await readerStores[0].headPosition()).toBe(log.length);

    // And every reader, who read much of it while appends ran, saw exactly that log: each event once, in the same order
    expect(readWhileWriting).toBeGreaterThan(0);
    for (const seen of seenByReaders) expect(seen).toEqual(log);

    // And every successful append's events are at the positions it was given; no failed one's are
    expect(conflicts).toBeGreaterThan(0);
    const positionOf = new Map(log.map((event) => [markerOf(event), event.position]));
    expect(positionOf.size).toBe(log.length);
    expect(positionOf).toEqual(committed);
    for (const marker of failed) expect(positionOf.has(marker)).toBe(false);

    // And each stream's versions run 1..n in log order
    const versions = new Map<string, number[]>();
    for (const event of log) versions.set(event.streamId, [...(versions.get(event.streamId) ?? []), event.streamVersion]);
    for (const streamVersions of versions.values()) expect(streamVersions).toEqual(streamVersions.map((_, i) => i + 1));
  });
});
