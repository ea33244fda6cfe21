export * from './annotations';
export * from './types';
export * from './storage-class';
export * from './node-affinity';
export * from './find-matching-volume';
export * from './pod-claims';
