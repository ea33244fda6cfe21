import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { OPS_PORTS } from '../../tools/supervisor/src/services';
import { repoRoot, type Mesh } from './mesh';
import { freePort } from '@kronicle/testing';

export interface ServiceInstance {
  pid: number;
  /** Its output so far. */
  output(): string;
  /** Ends the process (default SIGKILL: the machine is gone) and resolves once it has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * One more instance of a mesh service (e.g. a second node-agent hosting other nodes), started as the
 * supervisor starts its services but owned by the test: the supervisor neither knows nor restarts
 * it, so killing it is losing it. Resolves once the instance reports ready on its ops port.
 */
export async function startServiceInstance(mesh: Mesh, service: (typeof OPS_PORTS)[number]['name'], env: NodeJS.ProcessEnv = {}): Promise<ServiceInstance> {
  const ops = OPS_PORTS.find((s) => s.name === service)!;
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, [join(repoRoot, 'services', service, 'dist', 'main.js')], {
    env: {
      ...process.env,
      KRONICLE_HOME: mesh.home,
      KRONICLE_DATABASE_URL: mesh.databaseUrl,
      KRONICLE_CLUSTER: mesh.cluster,
      KRONICLE_API_PORT: new URL(mesh.apiUrl).port,
      KRONICLE_LOG_LEVEL: 'warn',
      ...env,
      [ops.env]: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const instance: ServiceInstance = {
    pid: child.pid!,
    output: () => output,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${service} exited with ${child.exitCode}:\n${output}`);
    const ready = await fetch(`http://127.0.0.1:${port}${ops.health}`).then((r) => r.ok, () => false);
    if (ready) return instance;
    if (Date.now() > deadline) {
      await instance.kill();
      throw new Error(`${service} not ready after 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

