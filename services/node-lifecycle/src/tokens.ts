/** Injection tokens for values built in main.ts. */
export const NODE_LIFECYCLE_CONFIG = Symbol('NodeLifecycleConfig');
export const LOGGER = Symbol('Logger');
