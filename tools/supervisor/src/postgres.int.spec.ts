import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { describe, expect, it } from 'vitest';
import { postgresServerAnswers, startEmbeddedPostgres } from './postgres';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

describe('the start command without a Postgres', () => {
  it('starts an embedded one that takes the same URL, and it keeps data across restarts', async () => {
    const home = mkdtempSync(join(tmpdir(), 'kronicle-embedded-'));
    const url = `postgres://postgres@127.0.0.1:${await freePort()}/postgres`;
    expect(await postgresServerAnswers(url)).toBe(false);

    let stop = await startEmbeddedPostgres(home, url);
    try {
      expect(await postgresServerAnswers(url)).toBe(true);
      const client = new Client({ connectionString: url });
      await client.connect();
      await client.query('CREATE TABLE kept (x int); INSERT INTO kept VALUES (42)');
      await client.end();
    } finally {
      await stop();
    }

    stop = await startEmbeddedPostgres(home, url);
    try {
      const client = new Client({ connectionString: url });
      await client.connect();
      expect((await client.query('SELECT x FROM kept')).rows).toEqual([{ x: 42 }]);
      await client.end();
    } finally {
      await stop();
    }
  }, 120_000);
});
