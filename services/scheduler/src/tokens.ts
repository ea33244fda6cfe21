/** Injection tokens for values built in main.ts. */
export const SCHEDULER_CONFIG = Symbol('SchedulerConfig');
export const LOGGER = Symbol('Logger');
