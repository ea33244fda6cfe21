import { randomBytes } from 'node:crypto';

/** A short lowercase name that no other test run will pick: `<prefix>-<12 hex digits>`. */
export function randomName(prefix: string): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}

/** A cluster name (and so a NATS subject prefix) of its own for one test. */
export function randomClusterName(): string {
  return randomName('t');
}
