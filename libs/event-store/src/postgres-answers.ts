import { Client } from 'pg';

/** True when Postgres answers a query in the URL's database (it accepts connections there, not merely on its port). */
export async function postgresAnswers(connectionString: string, timeoutMs = 3000): Promise<boolean> {
  const client = new Client({ connectionString, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
