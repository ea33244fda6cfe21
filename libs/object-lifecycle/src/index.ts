export * from './api-error';
export * from './resource-info';
export * from './write-context';
export * from './initial-status';
export * from './stored-status';
export * from './admission';
export * from './decide-create';
export { checkBodyMatchesRequest } from './body-checks';
// For the specs of whoever decides with these (the API's too).
export { refusalOf } from './test-support';
export * from './decide-update';
export * from './decide-delete';
export * from './managed-fields';
export * from './object-events';
export * from './service-addresses';
export * from './companion-appends';
export * from './decide-binding';
export * from './disruption-budget';
export * from './decide-eviction';
export * from './default-toleration-seconds';
// Its callers import it from here, with the rest of the write path.
export { rfc3339 } from '@kronicle/contracts';
export * from './system-priority-classes';
export { DEFAULT_SERVICE_ACCOUNT, serviceAccountsIn } from './pod-service-account';
