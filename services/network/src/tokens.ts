/** Injection tokens for values built in main.ts. */
export const NETWORK_CONFIG = Symbol('NetworkConfig');
export const LOGGER = Symbol('Logger');
