export * from './random-name';
export * from './test-database';
export * from './until';
export * from './free-port';
