import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';

/** Longest a request may take before it counts as an error: keeps a run bounded. */
export const requestTimeoutMs = 10_000;

export interface ApiPoster {
  agent: Agent;
  headers: Record<string, string>;
  /** POSTs a JSON body; resolves on 2xx, rejects with the status and the start of the answer otherwise. */
  post(body: string): Promise<void>;
}

/**
 * A benchmark client's POSTs to one API path: HTTPS with the mesh's CA and bearer token, keep-alive
 * as kubectl and client-node do, so a figure is the request and not the TLS handshake.
 */
export function apiPoster(options: { apiUrl: string; caFile: string; token: string; path: string; maxSockets: number }): ApiPoster {
  const agent = new Agent({ keepAlive: true, ca: readFileSync(options.caFile), maxSockets: options.maxSockets });
  const url = new URL(options.path, options.apiUrl);
  const headers = { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' };
  const post = (body: string) =>
    new Promise<void>((resolve, reject) => {
      const req = request(url, { method: 'POST', agent, headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve();
          else reject(new Error(`HTTP ${status}: ${text.slice(0, 200)}`));
        });
      });
      req.setTimeout(requestTimeoutMs, () => req.destroy(new Error(`no answer within ${requestTimeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  return { agent, headers, post };
}
