import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { errors } from '@kronicle/object-lifecycle';

/** Upstream's limit on request bodies. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/**
 * Errors raised by the HTTP layer before the router runs (body too large, unreadable body) still
 * answer as Kubernetes does: a metav1.Status with the right code.
 */
@Catch()
export class StatusExceptionFilter implements ExceptionFilter {
  catch(exception: { statusCode?: number; status?: number; message?: string }, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const code = exception.statusCode ?? exception.status;
    const status =
      code === 413 ? errors.tooLarge(MAX_BODY_BYTES).status : code && code < 500 ? errors.badRequest(exception.message ?? 'bad request').status : errors.internal(exception.message ?? 'unknown error').status;
    reply.status(status.code).header('content-type', 'application/json').send(JSON.stringify(status));
  }
}
