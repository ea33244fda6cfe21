export * from './logger';
export * from './metrics';
export * from './ops-server';
export * from './env';
export * from './nest-logger';
export * from './health-probe';
