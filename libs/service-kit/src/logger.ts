import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/** Structured JSON logs, one line per entry, tagged with the service's name. */
export function createLogger(service: string, level = process.env.KRONICLE_LOG_LEVEL ?? 'info'): Logger {
  return pino({ base: { service }, level, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } });
}
