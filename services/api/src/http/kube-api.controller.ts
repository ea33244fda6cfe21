import { All, Controller, Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { API_ROUTER } from '../tokens';
import type { ApiRouter } from './api-router';

/** Thin adapter: every path goes to the framework-free router; watch streams are written to the raw socket. */
@Controller()
export class KubeApiController {
  constructor(@Inject(API_ROUTER) private readonly router: ApiRouter) {}

  @All('*')
  async serve(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const response = await this.router.handle({ method: req.method, url: req.url, headers: req.headers, body: req.body as Buffer | undefined });
    if (response.kind === 'body') {
      reply.status(response.status).headers({ 'content-type': response.contentType, ...response.headers }).send(response.body);
      return;
    }
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': response.contentType, 'transfer-encoding': 'chunked', 'cache-control': 'no-cache' });
    // A watch may have nothing to say for a while: the client must see the headers now.
    raw.flushHeaders();
    const stop = await response.open({ write: (chunk) => raw.write(chunk), end: () => raw.end() });
    raw.on('close', stop);
  }
}
