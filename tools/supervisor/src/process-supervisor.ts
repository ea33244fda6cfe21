import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { ServiceSpec } from './services';

export interface SupervisedService {
  spec: ServiceSpec;
  child?: ChildProcess;
  restarts: number;
}

/** Restart back-off: 1 s doubling to 30 s, so a crash loop does not spin. */
export function restartDelayMs(restarts: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, restarts - 1));
}

/**
 * Runs each service as its own process, prefixes its output lines with its name, restarts it when
 * it dies, and stops all of them on request.
 */
export class ProcessSupervisor {
  private readonly services: SupervisedService[];
  private stopping = false;

  constructor(
    specs: ServiceSpec[],
    private readonly baseEnv: NodeJS.ProcessEnv,
    private readonly out: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  ) {
    this.services = specs.map((spec) => ({ spec, restarts: 0 }));
  }

  startAll(): void {
    for (const service of this.services) this.start(service);
  }

  async stopAll(timeoutMs = 10_000): Promise<void> {
    this.stopping = true;
    await Promise.all(
      this.services.map(
        ({ child }) =>
          new Promise<void>((resolve) => {
            if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
            const kill = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
            child.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
  }

  private start(service: SupervisedService): void {
    const { spec } = service;
    const child = spawn(process.execPath, [spec.entry], { env: { ...process.env, ...this.baseEnv, ...spec.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    service.child = child;
    const prefix = `[${spec.name}]`.padEnd(10);
    for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream! }).on('line', (line) => this.out(`${prefix} ${line}`));
    child.on('exit', (code, signal) => {
      if (this.stopping) return;
      service.restarts++;
      const delay = restartDelayMs(service.restarts);
      this.out(`${prefix} exited (${signal ?? `code ${code}`}); restarting in ${delay / 1000}s`);
      setTimeout(() => !this.stopping && this.start(service), delay);
    });
  }
}
