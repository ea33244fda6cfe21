/** Injection tokens for values built in main.ts. */
export const RELAY_CONFIG = Symbol('RelayConfig');
export const LOGGER = Symbol('Logger');
