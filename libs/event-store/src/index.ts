export * from './event-store';
export type { StreamSelection } from './read-last-events';
export type { EncodedEvent, EncodedEventReader } from './read-all-encoded';
export { createPgEventStore, PgEventStore, type PgEventStoreOptions } from './pg-event-store';
export { ensureDatabase } from './ensure-database';
export { postgresAnswers } from './postgres-answers';
export { runMigrations, defaultMigrationsFolder } from './migrations/run-migrations';
