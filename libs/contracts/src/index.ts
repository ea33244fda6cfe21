export * from './events';
export * from './kube-object';
export * from './object-events';
export * from './nats-subjects';
export * from './node-heartbeat';
export * from './timestamp';
export * from './pod-readiness';
export * from './lazy-recorded-event';
