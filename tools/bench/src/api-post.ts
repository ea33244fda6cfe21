import { readFileSync } from 'node:fs';
import { Pool } from 'undici';

/** Longest a request may take before it counts as an error: keeps a run bounded. */
export const requestTimeoutMs = 10_000;

export interface ApiPoster {
  /** POSTs a JSON body; resolves on 2xx, rejects with the status and the start of the answer otherwise. */
  post(body: string): Promise<void>;
  /** Opens `connections` connections (a GET of /readyz on each), so that a timed run does not pay TLS handshakes. */
  warm(connections: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A benchmark client's POSTs to one API path: HTTPS with the mesh's CA and bearer token, keep-alive
 * as kubectl and client-node do, so a figure is the request and not the TLS handshake. undici rather
 * than node:https: the client shares the machine's two cores with the mesh, and node:https took
 * about a third more CPU per request (10,000 pod creates: ~1.4 s of client CPU), which the mesh lost.
 */
export function apiPoster(options: { apiUrl: string; caFile: string; token: string; path: string; maxSockets: number }): ApiPoster {
  const pool = new Pool(options.apiUrl, {
    connections: options.maxSockets,
    connect: { ca: readFileSync(options.caFile) },
    headersTimeout: requestTimeoutMs,
    bodyTimeout: requestTimeoutMs,
  });
  const headers = { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' };
  const post = async (body: string) => {
    const answer = await pool.request({ path: options.path, method: 'POST', headers, body });
    if (answer.statusCode >= 200 && answer.statusCode < 300) {
      await answer.body.dump();
      return;
    }
    const text = await answer.body.text();
    throw new Error(`HTTP ${answer.statusCode}: ${text.slice(0, 200)}`);
  };
  const warm = async (connections: number) => {
    await Promise.all(
      Array.from({ length: connections }, async () => {
        const answer = await pool.request({ path: '/readyz', method: 'GET', headers }).catch(() => undefined);
        await answer?.body.dump();
      }),
    );
  };
  return { post, warm, close: () => pool.close() };
}
