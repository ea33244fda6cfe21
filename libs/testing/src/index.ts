export * from './random-name';
export * from './test-database';
