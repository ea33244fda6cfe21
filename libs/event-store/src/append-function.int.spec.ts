import type { NewEvent } from '@kronicle/contracts';
import { createTestDatabase, type TestDatabase } from '@kronicle/testing';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPEND_SQL, type AppendGroup, encodeAppendBatch, type GroupOutcome } from './append-batch';
import { defaultMigrationsFolder, runMigrations } from './migrations/run-migrations';

/**
 * kronicle_append as the latest migration defines it (0003: linear in the batch; 0004: lock released
 * before commit), against the same database function as 0002 defined it (quadratic, the reference):
 * for the same log and the same batch, both must return the same outcomes and leave the same events,
 * stream versions, head and checkpoints. The reference keeps its head in a table of its own, as
 * 0002's log_head, set to the log's head before each call.
 */
describe('kronicle_append', () => {
  let db: TestDatabase;
  let client: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    const pool = new Pool({ connectionString: db.url, max: 1 });
    try {
      await runMigrations(pool);
    } finally {
      await pool.end();
    }
    client = new Client({ connectionString: db.url });
    await client.connect();
    const reference = await readFile(join(defaultMigrationsFolder, '0002_append_function.sql'), 'utf8');
    await client.query('CREATE TABLE reference_log_head (position bigint NOT NULL); INSERT INTO reference_log_head VALUES (0)');
    await client.query(reference.replace('CREATE FUNCTION kronicle_append(', 'CREATE FUNCTION kronicle_append_0002(').replaceAll('log_head', 'reference_log_head'));
  });

  afterAll(async () => {
    await client.end();
    await db.drop();
  });

  const event = (i: number): NewEvent => ({ type: `E${i}`, data: { i }, metadata: { correlationId: 'c-1', actor: 'user:test', time: '2026-01-01T00:00:00Z' } });

  interface Effect {
    outcomes: GroupOutcome[];
    events: unknown[];
    streams: unknown[];
    head: number;
    checkpoints: unknown[];
  }

  const logHead = async () => Number((await client.query<{ position: string }>('SELECT coalesce(max(position), 0) AS position FROM events')).rows[0].position);

  /**
   * Runs one batch with `fn` in a transaction that is rolled back, so each call starts from the same
   * log. The position sequence, which a rollback does not rewind, is set back to the head first.
   */
  const effectOf = async (fn: string, groups: AppendGroup[]): Promise<Effect> => {
    await client.query("SELECT setval('events_position_seq', coalesce(max(position), 0)) FROM events");
    await client.query('UPDATE reference_log_head SET position = (SELECT coalesce(max(position), 0) FROM events)');
    await client.query('BEGIN');
    try {
      // 0002's function takes its events as one jsonb array of {type, data, metadata}; the current one as parallel arrays.
      const values = encodeAppendBatch(groups);
      const [headers, types, data, metadata] = values;
      const asObjects = () => {
        const datas = JSON.parse(data.toString()) as unknown[];
        const metadatas = JSON.parse(metadata) as unknown[];
        return JSON.stringify(types.map((type, i) => ({ type, data: datas[i], metadata: metadatas[i] })));
      };
      const { rows } =
        fn === 'kronicle_append'
          ? await client.query<{ outcomes: GroupOutcome[] }>(APPEND_SQL, values)
          : await client.query<{ outcomes: GroupOutcome[] }>(`SELECT ${fn}($1::jsonb, $2::jsonb) AS outcomes`, [headers, asObjects()]);
      const events = await client.query('SELECT position::int, stream_id, stream_version, type, data, metadata FROM events ORDER BY position');
      // 0004 locks a new stream by inserting its row at version 0 before deciding: no stream yet.
      const streams = await client.query('SELECT stream_id, version FROM streams WHERE version > 0 ORDER BY stream_id');
      const checkpoints = await client.query('SELECT consumer, position::int FROM checkpoints ORDER BY consumer');
      return { outcomes: rows[0].outcomes, events: events.rows, streams: streams.rows, head: await logHead(), checkpoints: checkpoints.rows };
    } finally {
      await client.query('ROLLBACK');
    }
  };

  const appendCommitted = async (groups: AppendGroup[]) => {
    await client.query(APPEND_SQL, encodeAppendBatch(groups));
  };

  it('rolls back a conflicting group, so later groups see the versions the accepted groups left', async () => {
    // Given stream x at version 1
    const head = await logHead();
    await appendCommitted([{ requests: [{ streamId: 'x', expectedVersion: 0, events: [event(0)] }] }]);

    // When a batch has a group that appends to x twice and then conflicts on y, and a later group expects x at 1
    const effect = await effectOf('kronicle_append', [
      { requests: [{ streamId: 'x', expectedVersion: 1, events: [event(1)] }, { streamId: 'x', expectedVersion: 2, events: [event(2)] }, { streamId: 'y', expectedVersion: 5, events: [event(3)] }], checkpoint: { consumer: 'c', position: 9 } },
      { requests: [{ streamId: 'x', expectedVersion: 1, events: [event(4), event(5)] }, { streamId: 'z', expectedVersion: 'any', events: [] }], checkpoint: { consumer: 'c', position: 10 } },
    ]);

    // Then the first group wrote nothing and the second was accepted against x at version 1
    expect(effect.outcomes).toEqual([
      { conflict: { streamId: 'y', expected: 5, actual: 0 } },
      { ok: [[3, head + 2], [0, head + 4]] },
    ]);
    expect(effect.events.map((e) => (e as { type: string }).type)).toContain('E5');
    expect(effect.events).not.toContainEqual(expect.objectContaining({ type: 'E1' }));
    expect(effect.streams).toEqual([{ stream_id: 'x', version: 3 }]);
    expect(effect.head).toBe(head + 3);
    expect(effect.checkpoints).toEqual([{ consumer: 'c', position: 10 }]);
    expect(await effectOf('kronicle_append_0002', [])).toEqual(await effectOf('kronicle_append', []));
  });

  it('decides every batch as the 0002 function did', async () => {
    // Given a log with streams s0..s11 at versions 0..3
    const streams = Array.from({ length: 12 }, (_, i) => `s${i}`);
    await appendCommitted(streams.map((streamId, i) => ({ requests: [{ streamId, expectedVersion: 'any', events: Array.from({ length: i % 4 }, (_, j) => event(j)) }] })));
    // (at position 0: since 0004 an append never moves a checkpoint back, which 0002 did)
    await appendCommitted([{ requests: [], checkpoint: { consumer: 'c0', position: 0 } }]);
    const versions = new Map(streams.map((s, i) => [s, i % 4]));

    // When random batches are appended (seeded, so a failure is repeatable): several groups, streams
    // repeated within and across groups, expected versions mostly right, some wrong, some 'any',
    // requests without events, checkpoints
    let seed = 20_261_128;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 150; round++) {
      const expected = new Map(versions);
      const groups: AppendGroup[] = Array.from({ length: random(6) }, (_, g) => ({
        requests: Array.from({ length: random(7) }, () => {
          const streamId = random(4) === 0 ? `new-${random(3)}` : streams[random(streams.length)];
          const version = expected.get(streamId) ?? 0;
          const count = random(3);
          const choice = random(10);
          expected.set(streamId, version + count);
          return {
            streamId,
            expectedVersion: choice === 0 ? ('any' as const) : choice === 1 ? version + 1 : choice === 2 ? Math.max(0, version - 1) : version,
            events: Array.from({ length: count }, (_, j) => event(round * 100 + j)),
          };
        }),
        ...(random(3) === 0 ? { checkpoint: { consumer: `c${random(3)}`, position: round * 10 + g } } : {}),
      }));

      // Then outcomes and everything written are the same
      const reference = await effectOf('kronicle_append_0002', groups);
      expect(await effectOf('kronicle_append', groups), `round ${round}: ${JSON.stringify(groups)}`).toEqual(reference);
    }
  });

  it('appends a group of 5,001 requests without a cost quadratic in its size', async () => {
    // A ReplicaSet creating 2,500 pods with their Events, and its status: 0002 took seconds for this
    const requests = Array.from({ length: 5_001 }, (_, i) => ({ streamId: `big-${i}`, expectedVersion: 0, events: [event(i)] }));
    const started = performance.now();
    const effect = await effectOf('kronicle_append', [{ requests }]);
    const elapsedMs = performance.now() - started;

    const ok = (effect.outcomes[0] as { ok: [number, number][] }).ok;
    expect(ok).toHaveLength(5_001);
    expect(ok.every(([version, position], i) => version === 1 && position === ok[0][1] + i)).toBe(true);
    expect(elapsedMs).toBeLessThan(3_000);
  });
});
