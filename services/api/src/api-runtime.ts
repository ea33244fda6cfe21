import { join } from 'node:path';
import type { NatsConnection } from 'nats';
import { createPgEventStore, ensureDatabase } from '@kronicle/event-store';
import { connectNats, subscribeToLog } from '@kronicle/messaging';
import { createMetricsRegistry, type Logger } from '@kronicle/service-kit';
import { addressConfigFromEnv } from '@kronicle/object-lifecycle';
import { bootstrapCluster, keepSystemObjects } from './cluster/bootstrap-cluster';
import { LiveCluster } from './cluster/live-cluster';
import type { ApiConfig } from './config';
import { ApiRouter } from './http/api-router';
import { ResourceHandler } from './http/resource-handler';
import { ObjectService, type Clock } from './objects/object-service';
import { ensureAdminToken } from './security/bearer-token';
import { writeKubeconfig } from './security/kubeconfig';
import { ensureServingCertificates, type ServingCertificates } from './security/pki';
import { coreObjectsOf, ServiceAccountTokens } from './security/service-account-tokens';

export interface ApiRuntime {
  router: ApiRouter;
  tls?: ServingCertificates;
  /** Connects to Postgres and NATS and reads the log; the server answers /readyz only after. */
  start(): Promise<void>;
  close(): Promise<void>;
}

const systemClock: Clock = { now: () => new Date() };

/**
 * The composition root: credentials and kubeconfig on disk, then the log, the bus and the
 * projection behind the router. Everything with I/O is created here and nowhere else.
 */
export function createApiRuntime(config: ApiConfig, logger: Logger): ApiRuntime {
  const token = ensureAdminToken(config.home);
  const tls = config.tls ? ensureServingCertificates(config.home, ['localhost', '127.0.0.1', config.advertiseHost, 'kronicle-api', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc']) : undefined;
  const server = `${config.tls ? 'https' : 'http'}://${config.advertiseHost}:${config.port}`;
  writeKubeconfig(join(config.home, 'kubeconfig'), { server, token, caCert: tls?.caCert, cluster: config.cluster });

  const registry = createMetricsRegistry('api');
  const cluster = new LiveCluster();
  let closeAll: () => Promise<void> = async () => undefined;
  const tokens = ServiceAccountTokens.atHome(config.home);
  const router = new ApiRouter({
    token,
    authenticateToken: (bearer) => tokens.authenticate(bearer, coreObjectsOf(cluster.state), systemClock.now()),
    serverAddress: `${config.advertiseHost}:${config.port}`,
    registry,
    logger,
  });

  return {
    router,
    tls,
    async start() {
      await ensureDatabase(config.databaseUrl);
      const store = await createPgEventStore({ connectionString: config.databaseUrl, applicationName: 'kronicle-api' });
      const nats: NatsConnection = await connectNats(config.natsUrl, 'kronicle-api');
      const subscription = await subscribeToLog({ store, nats, cluster: config.cluster, consumerName: 'api', fromPosition: 0, handle: cluster.apply, pageSize: 5000, logger });
      await subscription.waitFor(await store.headPosition());
      const objects = new ObjectService(store, cluster, subscription, systemClock, addressConfigFromEnv());
      await bootstrapCluster(objects, config.port);
      if (!config.advertiseAddress) logger.warn('no network address to advertise: the kubernetes Service has no endpoints (set KRONICLE_API_ADVERTISE_ADDRESS)');
      const stopKeeping = await keepSystemObjects(objects, cluster, config.port, config.advertiseAddress, logger);
      router.serve(new ResourceHandler(objects, cluster, store, systemClock, tokens));
      logger.info({ position: cluster.state.position, objects: cluster.state.all().length, server }, 'API ready');
      closeAll = async () => {
        router.serve(undefined);
        stopKeeping();
        await subscription.close();
        await nats.drain();
        await store.close();
      };
    },
    close: () => closeAll(),
  };
}
