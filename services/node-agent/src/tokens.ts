/** Injection tokens for values built in main.ts. */
export const NODE_AGENT_CONFIG = Symbol('NodeAgentConfig');
export const LOGGER = Symbol('Logger');
