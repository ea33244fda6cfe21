import { describe, expect, it } from 'vitest';
import { fnv32a, nameSuffix } from './pod-names';

describe('names', () => {
  it('fnv32a is FNV-1a 32 over the UTF-8 bytes (published test vectors)', () => {
    expect(fnv32a('')).toBe(0x811c9dc5);
    expect(fnv32a('a')).toBe(0xe40c292c);
    expect(fnv32a('foobar')).toBe(0xbf9cf968);
    expect(fnv32a('é')).toBe(0x1e9de8c1); // its two UTF-8 bytes, not one UTF-16 unit
  });

  it('nameSuffix gives five characters of the safe alphabet from its seed, as it always has', () => {
    expect(nameSuffix('uid/7/0')).toBe('9qsr6');
    expect(nameSuffix('3f2a9c1e-1111-2222-3333-444455556666/1234/0')).toBe('gj8hz');
  });
});
