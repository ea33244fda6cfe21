export * from './stored-object';
export * from './cluster-state';
export * from './rebuild';
