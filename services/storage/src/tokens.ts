/** Injection tokens for values built in main.ts. */
export const STORAGE_CONFIG = Symbol('StorageConfig');
export const LOGGER = Symbol('Logger');
