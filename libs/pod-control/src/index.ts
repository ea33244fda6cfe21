export * from './claim';
export * from './controller-ref';
export * from './create-answer';
export * from './failure-backoff';
export * from './indexes';
export * from './meta-time';
export * from './pod-names';
export * from './pod-state';
