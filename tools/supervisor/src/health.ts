import { request } from 'node:https';
import { request as httpRequest } from 'node:http';
import type { ServiceSpec } from './services';

/** Resolves when every service's health URL answers 200; rejects after `timeoutMs`. */
export async function waitHealthy(services: ServiceSpec[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const service of services) {
    if (!service.healthUrl) continue;
    while (!(await answers200(service.healthUrl))) {
      if (Date.now() > deadline) throw new Error(`${service.name} did not become healthy at ${service.healthUrl} within ${timeoutMs / 1000}s`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** The API's certificate is checked by clients with the kubeconfig's CA; here only liveness matters. */
function answers200(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const get = url.startsWith('https:') ? request : httpRequest;
    const req = get(url, { rejectUnauthorized: false, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}
