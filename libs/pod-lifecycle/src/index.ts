export * from './behaviour';
export * from './back-off';
export * from './container-events';
export * from './pod-ip';
export * from './pod-status';
export * from './stages';
export * from './next-step';
export * from './simulated-logs';
