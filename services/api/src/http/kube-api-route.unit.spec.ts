import { describe, expect, it } from 'vitest';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { ApiRouter, IncomingRequest } from './api-router';
import type { KubeResponse } from './kube-request';
import { serveKubeApi } from './kube-api-route';

/** A fastify instance as main.ts configures it (raw bodies), around a router that answers `response`. */
function server(response: KubeResponse) {
  const seen: IncomingRequest[] = [];
  const fastify = new FastifyAdapter().getInstance();
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  serveKubeApi(fastify, { handle: async (request: IncomingRequest) => (seen.push(request), response) } as unknown as ApiRouter);
  return { fastify, seen };
}

describe('serveKubeApi', () => {
  it('hands the router the method, target, headers and raw body, and answers with its status, type and headers', async () => {
    const body = '{"kind":"Pod"}';
    const { fastify, seen } = server({ kind: 'body', status: 201, contentType: 'application/json', body, headers: { warning: '299 - "unknown field \\"spec.foo\\""' } });
    const res = await fastify.inject({ method: 'POST', url: '/api/v1/namespaces/default/pods?fieldValidation=Warn', headers: { 'content-type': 'application/json' }, payload: '{"a":1}' });
    expect(seen).toEqual([expect.objectContaining({ method: 'POST', url: '/api/v1/namespaces/default/pods?fieldValidation=Warn', body: Buffer.from('{"a":1}') })]);
    expect(seen[0].headers['content-type']).toBe('application/json');
    expect(res.statusCode).toBe(201);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers.warning).toBe('299 - "unknown field \\"spec.foo\\""');
    expect(res.headers['content-length']).toBe(String(body.length));
    expect(res.body).toBe(body);
  });

  it('serves every path and method the router knows, bodiless requests without a body', async () => {
    const { fastify, seen } = server({ kind: 'body', status: 404, contentType: 'application/json', body: '{}' });
    const res = await fastify.inject({ method: 'DELETE', url: '/apis/apps/v1/namespaces/x/deployments/y' });
    expect(res.statusCode).toBe(404);
    expect(seen[0]).toMatchObject({ method: 'DELETE', url: '/apis/apps/v1/namespaces/x/deployments/y', body: undefined });
  });

  it('streams a watch: headers at once, then each chunk as the session writes it', async () => {
    const { fastify } = server({
      kind: 'stream',
      contentType: 'application/json',
      open: async (sink) => {
        sink.write('{"type":"ADDED"}\n');
        sink.write('{"type":"DELETED"}\n');
        sink.end();
        return () => undefined;
      },
    });
    const res = await fastify.inject({ method: 'GET', url: '/api/v1/pods?watch=true' });
    expect(res.statusCode).toBe(200);
    expect(res.headers).toMatchObject({ 'content-type': 'application/json', 'transfer-encoding': 'chunked', 'cache-control': 'no-cache' });
    expect(res.body).toBe('{"type":"ADDED"}\n{"type":"DELETED"}\n');
  });
});
