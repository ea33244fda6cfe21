import { setTimeout as sleep } from 'node:timers/promises';
import type Dockerode from 'dockerode';
import { postgresAnswers } from '@kronicle/event-store';
import { answers200 } from '@kronicle/service-kit';
import type { BoundPorts, GenericContainer, WaitStrategy } from 'testcontainers';

/** Answers whether a container is ready, asked from this host. */
export type Probe = () => Promise<boolean>;

/** Turns off the health check an image declares (Docker's `NONE`, which testcontainers' type does not list). */
export const noHealthCheck = { test: ['NONE'] } as unknown as Parameters<GenericContainer['withHealthCheck']>[0];

const PROBE_TIMEOUT_MS = 2_000;

/** 200 from the health URL. */
export function httpProbe(url: string): Probe {
  return () => answers200(url, PROBE_TIMEOUT_MS);
}

/** A query answered: Postgres accepts connections to the database (not merely on its port). */
export function postgresProbe(connectionString: string): Probe {
  return () => postgresAnswers(connectionString, PROBE_TIMEOUT_MS);
}

/** Waits until the probe answers ready; fails at once if the container stops. */
export class ProbeWaitStrategy implements WaitStrategy {
  private startupTimeoutMs = 120_000;
  private startupTimeoutSet = false;

  constructor(
    private readonly what: string,
    private readonly probe: (ports: BoundPorts) => Promise<boolean>,
  ) {}

  withStartupTimeout(startupTimeoutMs: number): this {
    this.startupTimeoutMs = startupTimeoutMs;
    this.startupTimeoutSet = true;
    return this;
  }

  isStartupTimeoutSet(): boolean {
    return this.startupTimeoutSet;
  }

  getStartupTimeout(): number {
    return this.startupTimeoutMs;
  }

  async waitUntilReady(container: Dockerode.Container, boundPorts: BoundPorts): Promise<void> {
    const deadline = Date.now() + this.startupTimeoutMs;
    while (!(await this.probe(boundPorts))) {
      const { State } = await container.inspect();
      if (!State.Running) throw new Error(`${this.what} exited with status ${State.ExitCode} before it was ready`);
      if (Date.now() > deadline) throw new Error(`${this.what} was not ready within ${this.startupTimeoutMs} ms`);
      await sleep(100);
    }
  }
}
