export * from './clock';
export * from './object-write';
export * from './plan-writes';
export * from './work-queue';
export * from './run-controller';
export * from './kube-event';
export * from './in-memory-cluster';
export * from './append-writes';
