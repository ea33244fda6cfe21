export * from './log-fixture';
