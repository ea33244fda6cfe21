import type { LoggerService } from '@nestjs/common';
import pino from 'pino';

export type { Logger } from 'pino';

/** JSON lines on stdout, one field set per service. */
export function createLogger(service: string, level: string): pino.Logger {
  return pino({ level, base: { service } });
}

/** Routes NestJS's own messages into the same JSON log. */
export function nestLogger(logger: pino.Logger): LoggerService {
  return {
    log: (message: unknown, context?: string) => logger.info({ context }, String(message)),
    warn: (message: unknown, context?: string) => logger.warn({ context }, String(message)),
    error: (message: unknown, trace?: string, context?: string) => logger.error({ context, trace }, String(message)),
    debug: (message: unknown, context?: string) => logger.debug({ context }, String(message)),
    verbose: (message: unknown, context?: string) => logger.trace({ context }, String(message)),
  };
}
