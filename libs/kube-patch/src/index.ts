export * from './patch-error';
export * from './json-patch';
export * from './merge-patch';
export * from './strategic/strategic-merge-patch';
export * from './patch-meta/patch-meta';
export * from './patch-meta/builtin-patch-meta';
