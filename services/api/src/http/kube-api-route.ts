import type { FastifyInstance } from 'fastify';
import type { ApiRouter } from './api-router';

/**
 * Thin adapter: every path goes to the framework-free router; watch streams are written to the raw
 * socket. A route of fastify's own rather than a Nest controller: Nest's per-request pipeline (param
 * extraction, interceptors, observables) cost about a tenth of a create's CPU and served nothing here.
 */
export function serveKubeApi(fastify: FastifyInstance, router: ApiRouter): void {
  fastify.all('*', async (req, reply) => {
    const response = await router.handle({ method: req.method, url: req.url, headers: req.headers, body: req.body as Buffer | undefined });
    if (response.kind === 'body') {
      reply.status(response.status).headers({ 'content-type': response.contentType, ...response.headers }).send(response.body);
      return reply;
    }
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': response.contentType, 'transfer-encoding': 'chunked', 'cache-control': 'no-cache' });
    // A watch may have nothing to say for a while: the client must see the headers now.
    raw.flushHeaders();
    const stop = await response.open({ write: (chunk) => raw.write(chunk), end: () => raw.end() });
    raw.on('close', stop);
    return reply;
  });
}
