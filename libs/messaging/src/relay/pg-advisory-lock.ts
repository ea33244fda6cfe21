import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import type { LeaderLock, Lease } from './leader-lock';

export interface PgAdvisoryLockOptions {
  connectionString: string;
  /** Name of what is locked, e.g. `kronicle-relay/<cluster>`. */
  key: string;
  /** How often a waiting process tries again. Default 1 second. */
  retryMs?: number;
}

/**
 * A Postgres session advisory lock: Postgres releases it when the session ends, so a crashed
 * leader frees it without help, and the lease is lost when its connection is.
 */
export function pgAdvisoryLock(options: PgAdvisoryLockOptions): LeaderLock {
  return {
    async acquire(signal) {
      const client = new Client({ connectionString: options.connectionString, keepAlive: true });
      const lost = new Promise<Error>((resolve) => {
        client.on('error', resolve);
        client.on('end', () => resolve(new Error('leader lock connection closed')));
      });
      await client.connect();
      try {
        while (!(await tryLock(client, options.key))) await sleep(options.retryMs ?? 1000, undefined, { signal });
      } catch (err) {
        await client.end();
        throw err;
      }
      return lease(client, lost);
    },
  };
}

async function tryLock(client: Client, key: string): Promise<boolean> {
  const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [key]);
  return rows[0].locked;
}

function lease(client: Client, lost: Promise<Error>): Lease {
  let released = false;
  return {
    // A release ends the connection too: that must not read as a loss.
    lost: lost.then((err) => (released ? new Promise<Error>(() => {}) : err)),
    async release() {
      released = true;
      await client.end();
    },
  };
}
