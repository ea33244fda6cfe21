import { natsNames } from '@kronicle/contracts';
import { describe, expect, it } from 'vitest';
import { randomClusterName } from './random-name';

describe('randomClusterName', () => {
  it('is a valid cluster name, different every time', () => {
    // When many names are drawn
    const names = Array.from({ length: 1000 }, randomClusterName);

    // Then each is accepted as a cluster name and none repeats
    for (const name of names) expect(natsNames(name).cluster).toBe(name);
    expect(new Set(names).size).toBe(names.length);
  });
});
