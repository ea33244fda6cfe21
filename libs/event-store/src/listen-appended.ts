import { Client } from 'pg';
import { headPosition } from './head-position';

export interface AppendedListener {
  close(): Promise<void>;
}

const minRetryMs = 100;
const maxRetryMs = 5_000;

/**
 * Keeps one connection LISTENing on `kronicle_log` and reports each new head position. Notifications
 * sent while the connection is down are lost, so after every reconnect it reports the current head:
 * a consumer then reads forward from its checkpoint and misses nothing. The first connection must
 * succeed (a wrong URL fails fast); later ones are retried with backoff until close.
 */
export async function listenAppended(
  connectionString: string,
  applicationName: string,
  onHead: (position: number) => void,
): Promise<AppendedListener> {
  let closed = false;
  let current: Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let retryMs = minRetryMs;

  const connect = async (): Promise<void> => {
    const client = new Client({ connectionString, application_name: applicationName });
    let lost = false;
    const onLost = (): void => {
      if (lost) return;
      lost = true;
      client.end().catch(() => undefined);
      if (closed) return;
      retry = setTimeout(() => void connect().catch(() => undefined), retryMs);
      retryMs = Math.min(retryMs * 2, maxRetryMs);
    };
    client.on('error', onLost);
    client.on('end', onLost);
    client.on('notification', ({ channel, payload }) => {
      if (channel === 'kronicle_log' && payload) onHead(Number(payload));
    });
    try {
      await client.connect();
      await client.query('LISTEN kronicle_log');
      const head = await headPosition(client);
      if (closed) {
        await client.end();
        return;
      }
      current = client;
      retryMs = minRetryMs;
      onHead(head);
    } catch (error) {
      onLost();
      throw error;
    }
  };

  try {
    await connect();
  } catch (error) {
    closed = true;
    clearTimeout(retry);
    throw error;
  }

  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      await current?.end().catch(() => undefined);
    },
  };
}
