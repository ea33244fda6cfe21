import { Agent, request } from 'node:https';
import type { StartedKronicle } from '@kronicle/testcontainers';

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
}

export interface Api {
  request<T = Record<string, unknown>>(method: string, path: string, body?: unknown, contentType?: string): Promise<ApiResponse<T>>;
  /** GET that must answer 200; throws otherwise. */
  get<T = Record<string, unknown>>(path: string): Promise<T>;
}

/** Raw HTTPS to the mesh's API with its CA and admin token; every request gives up after `timeoutMs`. */
export function apiFor(kronicle: StartedKronicle, timeoutMs = 10_000): Api {
  const ca = Buffer.from(kronicle.kubeConfig.getCurrentCluster()!.caData!, 'base64');
  const agent = new Agent({ ca, keepAlive: false });
  const api: Api = {
    request(method, path, body, contentType = 'application/json') {
      const url = new URL(path, kronicle.apiUrl);
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const headers: Record<string, string> = { authorization: `Bearer ${kronicle.token}`, accept: 'application/json' };
      if (payload !== undefined) headers['content-type'] = contentType;
      return new Promise((resolve, reject) => {
        const req = request(url, { method, headers, agent, timeout: timeoutMs }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => {
            try {
              resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : {} });
            } catch (err) {
              reject(new Error(`${method} ${path}: ${res.statusCode} with a body that is not JSON: ${text.slice(0, 200)}`, { cause: err }));
            }
          });
          res.on('error', reject);
        });
        req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within ${timeoutMs} ms`)));
        req.on('error', reject);
        req.end(payload);
      });
    },
    async get(path) {
      const res = await api.request('GET', path);
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
      return res.body as never;
    },
  };
  return api;
}
