import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';

/**
 * Whether a health URL answers 200, as a supervisor or a test harness asks a service's /healthz or
 * /readyz: https without verifying the certificate (clients check the API's with the kubeconfig's
 * CA; here only readiness matters), no connection kept.
 */
export function answers200(url: string, timeoutMs = 2000): Promise<boolean> {
  const get = url.startsWith('https:') ? httpsGet : httpGet;
  return new Promise((resolve) => {
    const req = get(url, { rejectUnauthorized: false, timeout: timeoutMs, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(false));
  });
}
