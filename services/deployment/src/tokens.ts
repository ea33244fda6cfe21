/** Injection tokens for values built in main.ts. */
export const CONFIG = Symbol('DeploymentServiceConfig');
export const LOGGER = Symbol('Logger');
