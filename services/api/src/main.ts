import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLogger } from '@kronicle/service-kit';
import { createApiRuntime } from './api-runtime';
import { AppModule } from './app.module';
import { loadConfig } from './config';
import { serveKubeApi } from './http/kube-api-route';
import { MAX_BODY_BYTES, StatusExceptionFilter } from './http/status-exception.filter';

const RAW_BODY_TYPES = [
  'application/json',
  'application/yaml',
  'application/vnd.kubernetes.protobuf',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/json-patch+json',
  'application/apply-patch+yaml',
];

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('api');
  const runtime = createApiRuntime(config, logger);
  const adapter = new FastifyAdapter({
    https: runtime.tls ? { key: runtime.tls.key, cert: runtime.tls.cert } : null,
    bodyLimit: MAX_BODY_BYTES,
    routerOptions: { maxParamLength: 1024 },
    // Kubernetes clients keep connections open for watches and reuse them.
    keepAliveTimeout: 65_000,
    // No Nest middleware is used: @fastify/middie would only add a hook to every request.
    skipMiddie: true,
  } as ConstructorParameters<typeof FastifyAdapter>[0]);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, { bodyParser: false, logger: ['error', 'warn'] });
  const fastify = app.getHttpAdapter().getInstance();
  // Bodies stay raw: the router decodes JSON, YAML and the patch types itself.
  fastify.removeAllContentTypeParsers();
  // The same raw parser for any type; named for the types clients send, as fastify looks a named parser
  // up once per header value but parses the header again on every request that falls to the catch-all.
  for (const type of ['*', ...RAW_BODY_TYPES]) fastify.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: MAX_BODY_BYTES }, (_req, body, done) => done(null, body));
  serveKubeApi(fastify, runtime.router);
  app.useGlobalFilters(new StatusExceptionFilter());
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  logger.info({ port: config.port, tls: config.tls, home: config.home }, 'API listening');
  await runtime.start();

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await runtime.close();
    await app.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  createLogger('api').fatal({ err }, 'API failed to start');
  process.exit(1);
});
