import 'reflect-metadata';
import { Inject, Injectable, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NatsConnection } from 'nats';
import { Gauge } from 'prom-client';
import { createPgEventStore, type EventStore } from '@kronicle/event-store';
import { connectNats } from '@kronicle/messaging';
import { connectionConfigFromEnv, createLogger, createMetricsRegistry, intFromEnv, startOpsServer, type ConnectionConfig, type Logger } from '@kronicle/service-kit';
import { systemClock, type Clock } from './clock';
import { runControllers, type Controller, type RunningController } from './run-controller';

/** What a controller service is given once it is connected. */
export interface ControllerServiceContext {
  store: EventStore;
  nats: NatsConnection;
  connection: ConnectionConfig;
  clock: Clock;
  logger: Logger;
  /** Runs a controller on the shared connections; its cache counts toward readiness. */
  run(controller: Controller): Promise<RunningController>;
  /** Runs controllers on one cache: the log is followed and folded once for all of them. */
  runSharingCache(controllers: Controller[]): Promise<RunningController[]>;
}

/** One controller service: its name, its ops port, and what it starts once connected. */
export interface ControllerServiceSpec {
  /** `scheduler`, `deployment`, … : logs, metrics, NATS connection name, Postgres application name. */
  service: string;
  /** Env variable and default of the /healthz, /readyz and /metrics port. */
  opsPort: { env: string; fallback: number };
  /** How long its appends wait for others to share one call to Postgres (PgEventStoreOptions). Default 0. */
  appendLingerMs?: number;
  /** Starts the service's controllers (and anything beside them); returns what stops the extras. */
  start(context: ControllerServiceContext): Promise<(() => Promise<void> | void) | void>;
}

export interface HostedControllerService {
  running: RunningController[];
  stop(): Promise<void>;
}

/**
 * Connects to the log and the bus, serves health and metrics, and runs a service's controllers.
 * Ready once every controller's cache has caught up with the log and NATS is connected.
 */
export async function hostControllerService(spec: ControllerServiceSpec, env: NodeJS.ProcessEnv, logger: Logger): Promise<HostedControllerService> {
  const connection = connectionConfigFromEnv(env);
  const registry = createMetricsRegistry(spec.service);
  const running: RunningController[] = [];
  let started = false;
  const nats = await connectNats(connection.natsUrl, `kronicle-${spec.service}-${connection.cluster}`);
  const ops = await startOpsServer({ port: intFromEnv(env, spec.opsPort.env, spec.opsPort.fallback), registry, isReady: () => started && !nats.isClosed() });
  const store = await createPgEventStore({ connectionString: connection.databaseUrl, applicationName: `kronicle-${spec.service}`, appendLingerMs: spec.appendLingerMs });
  new Gauge({
    name: 'kronicle_controller_cache_position',
    help: 'Log position each controller cache has applied.',
    labelNames: ['controller'],
    registers: [registry],
    collect() {
      for (const controller of running) this.set({ controller: controller.name }, controller.position);
    },
  });
  const context: ControllerServiceContext = {
    store,
    nats,
    connection,
    clock: systemClock,
    logger,
    run: async (controller) => (await context.runSharingCache([controller]))[0],
    runSharingCache: async (controllers) => {
      const controllersRunning = await runControllers(controllers, { store, nats, cluster: connection.cluster, clock: systemClock, logger });
      running.push(...controllersRunning);
      return controllersRunning;
    },
  };
  const stopExtras = await spec.start(context);
  started = true;
  logger.info({ cluster: connection.cluster, port: ops.port, controllers: running.map((c) => c.name) }, `${spec.service} started`);
  return {
    running,
    async stop() {
      started = false;
      await stopExtras?.();
      for (const controller of running) await controller.stop().catch((err: unknown) => logger.warn({ err, controller: controller.name }, 'controller stopped with an error'));
      await ops.close();
      await nats.drain();
      await store.close();
      logger.info({}, `${spec.service} stopped`);
    },
  };
}

const SPEC = Symbol('ControllerServiceSpec');
const LOGGER = Symbol('Logger');

/** The Nest adapter: the service starts with the application and stops with it. */
@Injectable()
class ControllerServiceRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private hosted?: HostedControllerService;

  constructor(
    @Inject(SPEC) private readonly spec: ControllerServiceSpec,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.hosted = await hostControllerService(this.spec, process.env, this.logger);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.hosted?.stop();
  }
}

@Module({})
export class ControllerServiceModule {
  static forService(spec: ControllerServiceSpec, logger: Logger): DynamicModule {
    return { module: ControllerServiceModule, providers: [{ provide: SPEC, useValue: spec }, { provide: LOGGER, useValue: logger }, ControllerServiceRunner] };
  }
}

/** A controller service's `main`: a Nest application context that stops cleanly on SIGTERM and SIGINT. */
export function bootstrapControllerService(spec: ControllerServiceSpec): void {
  const logger = createLogger(spec.service);
  NestFactory.createApplicationContext(ControllerServiceModule.forService(spec, logger), { logger: ['error', 'warn'] })
    .then((app) => {
      // On a signal Nest runs the shutdown hook (stop the controllers, drain NATS), then re-raises it.
      app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
      return app.init();
    })
    .catch((err: unknown) => {
      logger.fatal({ err }, `${spec.service} failed to start`);
      process.exit(1);
    });
}
