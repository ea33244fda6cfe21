/** Nest injection tokens for objects built by the composition root. */
export const API_ROUTER = Symbol('ApiRouter');
