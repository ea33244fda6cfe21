/** Injection tokens for values built in main.ts. */
export const CONFIG = Symbol('DeletionControllersConfig');
export const LOGGER = Symbol('Logger');
