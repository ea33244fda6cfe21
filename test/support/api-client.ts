import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import type { Mesh } from './mesh';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json<T = Record<string, unknown>>(): T;
}

/** A raw HTTPS request to the API, trusting the mesh's CA: for what kubectl would never send. */
export function apiRequest(
  mesh: Mesh,
  method: string,
  path: string,
  options: { body?: string | Buffer; contentType?: string; token?: string | null; accept?: string } = {},
): Promise<RawResponse> {
  const ca = readFileSync(join(mesh.home, 'pki', 'ca.crt'));
  const url = new URL(path, mesh.apiUrl);
  const headers: Record<string, string> = {};
  if (options.token !== null) headers.authorization = `Bearer ${options.token ?? mesh.token}`;
  if (options.body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  if (options.accept) headers.accept = options.accept;
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, ca }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}
