import { createConnection } from 'node:net';
import { join } from 'node:path';
import { ensureDatabase } from '@kronicle/event-store';
import { meshEnvironment, serviceEnv } from './environment';
import { waitHealthy } from './health';
import { postgresServerAnswers, startEmbeddedPostgres } from './postgres';
import { ProcessSupervisor } from './process-supervisor';
import { meshServices } from './services';

const log = (line: string) => process.stdout.write(`[kronicle] ${line}\n`);

/** `npm start`: finds or starts Postgres, checks NATS, runs every service and waits until they are healthy. */
async function main(): Promise<void> {
  const mesh = meshEnvironment();
  let stopPostgres: (() => Promise<void>) | undefined;
  if (!(await postgresServerAnswers(mesh.databaseUrl))) {
    log(`no Postgres answers at ${redact(mesh.databaseUrl)}; starting an embedded one under ${join(mesh.home, 'postgres')}`);
    stopPostgres = await startEmbeddedPostgres(mesh.home, mesh.databaseUrl);
  }
  await ensureDatabase(mesh.databaseUrl);

  const nats = new URL(mesh.natsUrl);
  if (!(await tcpAnswers(nats.hostname, Number(nats.port || 4222)))) {
    log(`no NATS server answers at ${mesh.natsUrl}. Start one with JetStream, for example:`);
    log(`  nats-server -js -a ${nats.hostname} -p ${nats.port || 4222} -sd ${join(mesh.home, 'nats')}`);
    log('  (Debian: apt-get install nats-server; or docker run -p 4222:4222 nats:2.10 -js)');
    log('or point KRONICLE_NATS_URL at a running server, then run npm start again.');
    await stopPostgres?.();
    process.exit(1);
  }

  const apiUrl = `${mesh.tls ? 'https' : 'http'}://127.0.0.1:${mesh.apiPort}`;
  const services = meshServices(mesh.repoRoot, apiUrl);
  const supervisor = new ProcessSupervisor(services, serviceEnv(mesh));
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping every service`);
    await supervisor.stopAll();
    await stopPostgres?.();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  supervisor.startAll();
  await waitHealthy(services, 120_000);
  log(`mesh is up: ${services.map((s) => s.name).join(', ')}`);
  log(`API:        ${apiUrl}`);
  log(`kubeconfig: ${join(mesh.home, 'kubeconfig')}`);
  log(`try:        kubectl --kubeconfig ${join(mesh.home, 'kubeconfig')} get namespaces`);
}

function tcpAnswers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port, timeout: 2000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

main().catch((err) => {
  log(`failed: ${(err as Error).stack ?? err}`);
  process.exit(1);
});
