import { createHash } from 'node:crypto';

/**
 * Upstream's `discovery.StorageVersionHash`: the first 8 bytes of sha256("group/version/kind"), base64.
 * Clients only compare it for changes; every kind is stored in the version it is served in.
 */
export function storageVersionHash(group: string, version: string, kind: string): string {
  return createHash('sha256').update(`${group}/${version}/${kind}`).digest().subarray(0, 8).toString('base64');
}
