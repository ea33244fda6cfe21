import { answers200 } from '@kronicle/service-kit';
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

