import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { GenericContainer, getContainerRuntimeClient, Network, type StartedNetwork, type StartedTestContainer } from 'testcontainers';
// client-node is an ES module; this library is CommonJS, so it loads it with import().
import type { CoreV1Api, KubeConfig } from '@kubernetes/client-node' with { 'resolution-mode': 'import' };
import { defaultImages, type KronicleImages } from './images';
import { httpProbe, noHealthCheck, postgresProbe, ProbeWaitStrategy, type Probe } from './readiness';
import { API_PORT, kronicleServices, type KronicleServiceDefinition } from './services';

/**
 * One more container of a known service under a name of its own, with its own environment: e.g.
 * a second node-agent hosting other nodes,
 * `{ name: 'node-agent-b', service: 'node-agent', env: { KRONICLE_FIRST_NODE: '5', KRONICLE_NODES: '2' } }`.
 */
export interface KronicleServiceInstance {
  /** The container's role: its key in `containers.services`, its log prefix and network alias `kronicle-<name>`. */
  name: string;
  /** Which service it runs (a name in `kronicleServices`). */
  service: string;
  /** Added to this container's environment (after `options.env`). */
  env?: Record<string, string>;
}

export interface StartKronicleOptions {
  /** Images to run; default the locally built kronicle/* (or KRONICLE_*_IMAGE). */
  images?: Partial<KronicleImages>;
  /** KRONICLE_CLUSTER; default a random name. */
  cluster?: string;
  /** Which services to start, by name or as instances of their own; default every one in `kronicleServices`. */
  services?: (string | KronicleServiceInstance)[];
  /** Added to every service's environment, e.g. { KRONICLE_LOG_LEVEL: 'debug' }. */
  env?: Record<string, string>;
  /** How long each container may take to become healthy; default 120 s. */
  startupTimeoutMs?: number;
  /**
   * Postgres settings for a throwaway database; default no fsync (a test database needs no
   * durability across a power cut). Pass [] for Postgres' defaults.
   */
  postgresArgs?: string[];
  /** Receives every line the containers print, prefixed with the container's role. */
  onLog?: (line: string) => void;
  /**
   * Let containers be killed and started again (fault tests, see `faultInjector`): Postgres' and
   * NATS' data live in the containers' own file systems instead of tmpfs (which a stop empties),
   * Postgres commits synchronously (its default `postgresArgs` keep only `fsync=off`: a killed
   * container loses no acknowledged commit, a crash of the whole machine might), and the API,
   * Postgres and NATS are published on fixed free host ports, so every URL handed back stays valid.
   * Services get the restart policy `on-failure` (as compose's `restart:`): one that exits on its
   * own is started again by Docker; one stopped with `docker kill` or `docker stop` stays down.
   * Output after each start is followed too.
   */
  restartable?: boolean;
}

export interface StartedKronicle {
  /** The kubeconfig's text, pointing at the API's port mapped on this host. */
  kubeconfig: string;
  /** The same, written to a file (removed by stop()). */
  kubeconfigPath: string;
  /** https://<host>:<mapped port> */
  apiUrl: string;
  /** The admin bearer token (it is in the kubeconfig too). */
  token: string;
  cluster: string;
  /** A client-node KubeConfig loaded from the kubeconfig, and a CoreV1Api made from it. */
  kubeConfig: KubeConfig;
  core: CoreV1Api;
  /** Postgres and NATS as this host reaches them (for tests that look at the log or the bus). */
  databaseUrl: string;
  natsUrl: string;
  network: StartedNetwork;
  containers: { postgres: StartedTestContainer; nats: StartedTestContainer; services: Record<string, StartedTestContainer> };
  /** Every container by role: 'postgres', 'nats' and each service's (or instance's) name. */
  container(role: string): StartedTestContainer;
  /** Network aliases of a role's container on `network` (to reconnect it after a disconnect). */
  aliases(role: string): string[];
  /** Whether the containers may be restarted (`restartable`). */
  restartable: boolean;
  /**
   * Whether the role's container answers as ready, asked from this host: the service's health URL,
   * NATS' /healthz, a query to Postgres. What `startKronicle` waited for, and `faultInjector` after a start.
   */
  ready(role: string): Promise<boolean>;
  /** Everything the containers have printed so far. */
  logs(): string;
  /** Stops and removes every container, the network and the kubeconfig file. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts a whole Kronicle in containers on a private network — Postgres, NATS with JetStream, and
 * each service in its own container — waits until every one is healthy, and hands back the
 * kubeconfig and a ready client. Without a reaper (TESTCONTAINERS_RYUK_DISABLED), `stop()` is what
 * cleans up: call it in afterAll. A failed start cleans up what it had started.
 */
export async function startKronicle(options: StartKronicleOptions = {}): Promise<StartedKronicle> {
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  const images = { ...defaultImages(), ...options.images };
  const cluster = options.cluster ?? `kt${randomBytes(4).toString('hex')}`;
  const timeout = options.startupTimeoutMs ?? 120_000;
  const services = selectServices(options.services);
  const lines: string[] = [];
  const restartable = options.restartable ?? false;
  const logTo = (role: string) => (stream: NodeJS.ReadableStream) => {
    let partial = '';
    stream.on('data', (chunk: Buffer | string) => {
      const text = partial + chunk.toString();
      const parts = text.split('\n');
      partial = parts.pop() ?? '';
      for (const part of parts) {
        const line = `[${role}] ${part}`;
        lines.push(line);
        options.onLog?.(line);
      }
    });
  };

  const started: StartedTestContainer[] = [];
  let network: StartedNetwork | undefined;
  let kubeconfigDir: string | undefined;
  let stopFollowing: (() => void) | undefined;
  const cleanUp = async () => {
    stopFollowing?.();
    await Promise.allSettled(started.splice(0).map((container) => container.stop({ timeout: 5_000, remove: true, removeVolumes: true })));
    await network?.stop().catch(() => undefined);
    network = undefined;
    if (kubeconfigDir) rmSync(kubeconfigDir, { recursive: true, force: true });
    kubeconfigDir = undefined;
  };

  try {
    // The address this host reaches containers at: localhost, or the bridge gateway when the tests
    // themselves run in a container. The API's certificate must name it.
    const runtimeHost = hostAddress((await getContainerRuntimeClient()).info.containerRuntime.host);
    network = await new Network().start();
    const hostPort = async (port: number) => (restartable ? { container: port, host: await freePort() } : port);
    const probes = new Map<string, Probe>();
    // Readiness is asked from this host, not by Docker health checks: an exec in a container cost the
    // engine ~120 ms of CPU here, and eleven containers checked twice a second kept both cores busy.
    const probed = (role: string, container: GenericContainer, probe: (host: (port: number) => string) => Probe) =>
      container
        .withHealthCheck(noHealthCheck)
        .withWaitStrategy(new ProbeWaitStrategy(role, (ports) => probe((port) => `${runtimeHost}:${ports.getBinding(port)}`)()))
        .withStartupTimeout(timeout)
        .start()
        .then((started) => {
          probes.set(role, probe((port) => `${runtimeHost}:${started.getMappedPort(port)}`));
          return track(started);
        });
    const [postgres, nats] = await Promise.all([
      probed(
        'postgres',
        new GenericContainer(images.postgres)
          .withNetwork(network)
          .withNetworkAliases('postgres')
          .withEnvironment({ POSTGRES_DB: 'kronicle' })
          .withCommand(options.postgresArgs ?? (restartable ? ['-c', 'fsync=off'] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']))
          .withExposedPorts(await hostPort(5432))
          .withTmpFs(restartable ? {} : { '/var/lib/postgresql/data': 'rw' })
          .withLogConsumer(logTo('postgres')),
        (at) => postgresProbe(`postgres://postgres@${at(5432)}/kronicle`),
      ),
      probed(
        'nats',
        new GenericContainer(images.nats)
          .withNetwork(network)
          .withNetworkAliases('nats')
          .withCommand(['-js', '-sd', '/data', '-m', '8222'])
          .withExposedPorts(await hostPort(4222), await hostPort(8222))
          .withTmpFs(restartable ? {} : { '/data': 'rw' })
          .withLogConsumer(logTo('nats')),
        (at) => httpProbe(`http://${at(8222)}/healthz`),
      ),
    ]);

    const baseEnv = {
      KRONICLE_DATABASE_URL: 'postgres://postgres@postgres:5432/kronicle',
      KRONICLE_NATS_URL: 'nats://nats:4222',
      KRONICLE_CLUSTER: cluster,
      KRONICLE_HOME: '/var/lib/kronicle',
      KRONICLE_API_ADVERTISE_HOST: runtimeHost,
      KRONICLE_LOG_LEVEL: 'info',
      // Health endpoints answer on every address, so that readiness can be asked from this host.
      KRONICLE_OPS_HOST: '0.0.0.0',
    };
    const startService = async (service: SelectedService, rootCa?: string) => {
      const health = new URL(service.healthUrl);
      const port = Number(health.port);
      return probed(
        service.name,
        new GenericContainer(images.service)
          .withNetwork(network!)
          .withNetworkAliases(`kronicle-${service.name}`)
          .withCommand([service.service])
          .withEnvironment({ ...baseEnv, ...service.env, ...options.env, ...service.instanceEnv })
          .withCopyContentToContainer(rootCa === undefined ? [] : [{ content: rootCa, target: ROOT_CA_PATH }])
          .withExposedPorts(await hostPort(port))
          .withLogConsumer(logTo(service.name)),
        (at) => httpProbe(`${health.protocol}//${at(port)}${health.pathname}`),
      );
    };
    const firstWave = await Promise.all(services.map((service) => (service.readsRootCa ? undefined : startService(service))));
    const apiStarted = firstWave[services.findIndex((s) => s.name === 'api')];
    if (!apiStarted) throw new Error('the api service is needed for a kubeconfig: include it in options.services');
    const rootCa = await readFile(apiStarted, ROOT_CA_PATH);
    const running = await Promise.all(services.map((service, i) => firstWave[i] ?? startService(service, rootCa)));
    const containers = { postgres, nats, services: Object.fromEntries(services.map((s, i) => [s.name, running[i]])) };
    if (restartable) {
      const client = await getContainerRuntimeClient();
      await Promise.all(running.map((c) => client.container.getById(c.getId()).update({ RestartPolicy: { Name: 'on-failure' } })));
      stopFollowing = await followRestarts(
        new Map(([['postgres', postgres], ['nats', nats], ...Object.entries(containers.services)] as [string, StartedTestContainer][]).map(([role, c]) => [c.getId(), role])),
        (role, stream) => logTo(role)(stream),
      );
    }
    const byRole = (role: string): StartedTestContainer => {
      const found = role === 'postgres' ? postgres : role === 'nats' ? nats : containers.services[role];
      if (!found) throw new Error(`no container '${role}'; roles: postgres, nats, ${Object.keys(containers.services).join(', ')}`);
      return found;
    };
    const api = containers.services.api;

    const apiUrl = `https://${runtimeHost}:${api.getMappedPort(API_PORT)}`;
    const kubeconfig = (await readFile(api, '/var/lib/kronicle/kubeconfig')).replace(/^(\s*server:\s*).*$/m, `$1${apiUrl}`);
    const token = (await readFile(api, '/var/lib/kronicle/token')).trim();
    kubeconfigDir = mkdtempSync(join(tmpdir(), 'kronicle-testcontainers-'));
    const kubeconfigPath = join(kubeconfigDir, 'kubeconfig');
    writeFileSync(kubeconfigPath, kubeconfig, { mode: 0o600 });

    const k8s = await import('@kubernetes/client-node');
    const kubeConfig = new k8s.KubeConfig();
    kubeConfig.loadFromString(kubeconfig);

    return {
      kubeconfig,
      kubeconfigPath,
      apiUrl,
      token,
      cluster,
      kubeConfig,
      core: kubeConfig.makeApiClient(k8s.CoreV1Api),
      databaseUrl: `postgres://postgres@${runtimeHost}:${postgres.getMappedPort(5432)}/kronicle`,
      natsUrl: `nats://${runtimeHost}:${nats.getMappedPort(4222)}`,
      network,
      containers,
      container: byRole,
      aliases: (role) => (byRole(role) === postgres || byRole(role) === nats ? [role] : [`kronicle-${role}`]),
      restartable,
      ready: (role) => {
        const probe = probes.get(role);
        if (!probe) throw new Error(`no container '${role}'; roles: ${[...probes.keys()].join(', ')}`);
        return probe();
      },
      logs: () => lines.join('\n'),
      stop: cleanUp,
    };
  } catch (err) {
    const output = lines.slice(-40).join('\n');
    await cleanUp();
    throw new Error(`Kronicle did not start in containers: ${(err as Error).message}${output ? `\nlast container output:\n${output}` : ''}`, { cause: err });
  }

  function track(container: StartedTestContainer): StartedTestContainer {
    started.push(container);
    return container;
  }
}

type SelectedService = KronicleServiceDefinition & { service: string; instanceEnv?: Record<string, string> };

function selectServices(selection: (string | KronicleServiceInstance)[] | undefined): SelectedService[] {
  const chosen = (selection ?? kronicleServices.map((s) => s.name)).map((entry) => {
    const { name, service, env } = typeof entry === 'string' ? { name: entry, service: entry, env: undefined } : entry;
    const found = kronicleServices.find((s) => s.name === service);
    if (!found) throw new Error(`unknown Kronicle service '${service}'; known: ${kronicleServices.map((s) => s.name).join(', ')}`);
    return { ...found, name, service, instanceEnv: env };
  });
  const names = chosen.map((s) => s.name);
  const twice = names.find((name, i) => names.indexOf(name) !== i || name === 'postgres' || name === 'nats');
  if (twice) throw new Error(`two containers would be called '${twice}': give each instance a name of its own`);
  return chosen;
}

/** Follows each container's output again whenever the engine starts it again (restart policy, faults). */
async function followRestarts(roles: Map<string, string>, follow: (role: string, stream: NodeJS.ReadableStream) => void): Promise<() => void> {
  const client = await getContainerRuntimeClient();
  const events = (await client.container.dockerode.getEvents({ filters: { type: ['container'], event: ['start'], container: [...roles.keys()] } })) as NodeJS.ReadableStream & { destroy(): void };
  let partial = '';
  events.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop() ?? '';
    for (const part of parts) {
      if (!part.trim()) continue;
      const event = JSON.parse(part) as { id?: string; time?: number };
      const role = event.id ? roles.get(event.id) : undefined;
      if (!role) continue;
      client.container
        .logs(client.container.getById(event.id!), { since: (event.time ?? Math.floor(Date.now() / 1000)) - 1 })
        .then((stream) => follow(role, stream))
        .catch(() => undefined);
    }
  });
  events.on('error', () => undefined);
  return () => events.destroy();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** The IPv4 loopback address rather than localhost, which may resolve to ::1. */
function hostAddress(host: string): string {
  return host === 'localhost' ? '127.0.0.1' : host;
}

/** Where the API writes its CA in its container, and where services that read it look by default (both `$KRONICLE_HOME/pki/ca.crt`). */
const ROOT_CA_PATH = '/var/lib/kronicle/pki/ca.crt';

async function readFile(container: StartedTestContainer, path: string): Promise<string> {
  const result = await container.exec(['cat', path]);
  if (result.exitCode !== 0) throw new Error(`cannot read ${path} in the container: ${result.stderr || result.output}`);
  return result.stdout;
}
