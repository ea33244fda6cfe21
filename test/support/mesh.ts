import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { natsNames } from '@kronicle/contracts';
import { createTestDatabase, freePort, randomClusterName } from '@kronicle/testing';
import { connect } from 'nats';
import { OPS_PORTS } from '../../tools/supervisor/src/services';

export const repoRoot = resolve(__dirname, '../..');

export interface Mesh {
  home: string;
  kubeconfig: string;
  apiUrl: string;
  token: string;
  databaseUrl: string;
  cluster: string;
  /** Output of the supervisor and its services so far. */
  output(): string;
  /** Stops every service (the database stays). */
  stop(): Promise<void>;
  /** Starts the services again on the same database and home. */
  start(): Promise<void>;
  /** Stops everything and drops the database. */
  destroy(): Promise<void>;
}

/** Below vitest's hookTimeout (120 s), so that a mesh that does not come up fails with its output. */
const MESH_START_TIMEOUT_MS = 100_000;

/** A whole Kronicle, started as `npm start` starts it, on a database and NATS prefix of its own. */
export async function startMesh(extraEnv: NodeJS.ProcessEnv = {}): Promise<Mesh> {
  const supervisorEntry = join(repoRoot, 'tools/supervisor/dist/main.js');
  if (!existsSync(supervisorEntry)) throw new Error('build first: npm run build');
  const database = await createTestDatabase();
  const home = mkdtempSync(join(tmpdir(), 'kronicle-home-'));
  const cluster = randomClusterName();
  const apiPort = await freePort();
  // Ports of their own, so a mesh under test never meets one started by hand.
  const ports: Record<string, string> = {};
  for (const variable of [...OPS_PORTS.map((s) => s.env), 'KRONICLE_DNS_PORT']) {
    if (!extraEnv[variable] && !process.env[variable]) ports[variable] = String(await freePort());
  }
  let child: ChildProcess | undefined;
  let output = '';

  const mesh: Mesh = {
    home,
    kubeconfig: join(home, 'kubeconfig'),
    apiUrl: `https://127.0.0.1:${apiPort}`,
    token: '',
    databaseUrl: database.url,
    cluster,
    output: () => output,
    async start() {
      child = spawn(process.execPath, [supervisorEntry], {
        env: {
          ...process.env,
          KRONICLE_HOME: home,
          KRONICLE_DATABASE_URL: database.url,
          KRONICLE_CLUSTER: cluster,
          KRONICLE_API_PORT: String(apiPort),
          ...ports,
          KRONICLE_LOG_LEVEL: 'warn',
          // The log in Postgres keeps everything; the test's JetStream copy need not outlive it.
          KRONICLE_EVENTS_MAX_AGE_MS: '600000',
          ...extraEnv,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const started = new Promise<void>((resolveStarted, reject) => {
        const onData = (data: Buffer) => {
          output += data.toString();
          if (output.includes('mesh is up')) resolveStarted();
        };
        child!.stdout!.on('data', onData);
        child!.stderr!.on('data', onData);
        child!.once('exit', (code) => reject(new Error(`supervisor exited with ${code}:\n${output}`)));
      });
      // Fails before the test's hook times out, with what the services said: a hook timeout alone tells nothing.
      let deadline: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        deadline = setTimeout(() => reject(new Error(`mesh not up after ${MESH_START_TIMEOUT_MS / 1000} s:\n${output}`)), MESH_START_TIMEOUT_MS);
      });
      await Promise.race([started, late]).finally(() => clearTimeout(deadline));
      mesh.token = readFileSync(join(home, 'token'), 'utf8').trim();
    },
    async stop() {
      const running = child;
      if (!running || running.exitCode !== null) return;
      await new Promise<void>((resolveStopped) => {
        running.once('exit', () => resolveStopped());
        running.kill('SIGTERM');
      });
      child = undefined;
    },
    async destroy() {
      await mesh.stop();
      await deleteEventsStream(cluster);
      await database.drop();
    },
  };
  try {
    await mesh.start();
  } catch (err) {
    await mesh.destroy();
    throw err;
  }
  return mesh;
}

async function deleteEventsStream(cluster: string): Promise<void> {
  const nats = await connect({ servers: process.env.KRONICLE_NATS_URL ?? 'nats://127.0.0.1:4222' });
  try {
    const jsm = await nats.jetstreamManager();
    await jsm.streams.delete(natsNames(cluster).eventsStream).catch(() => false);
  } finally {
    await nats.close();
  }
}

