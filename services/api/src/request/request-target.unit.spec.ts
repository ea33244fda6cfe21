import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseRequestTarget } from './request-target';

/** What a URL parser makes of the target: the reference. */
const byUrlParser = (target: string) => {
  try {
    const url = new URL(target, 'https://kronicle.invalid');
    return { path: url.pathname.replace(/\/+$/, '') || '/', query: [...url.searchParams] };
  } catch {
    return 'invalid';
  }
};
const parsed = (target: string) => {
  try {
    const { path, query } = parseRequestTarget(target);
    return { path, query: [...query] };
  } catch {
    return 'invalid';
  }
};

describe('parseRequestTarget', () => {
  it.each([
    ['/api/v1/namespaces/default/pods', '/api/v1/namespaces/default/pods', []],
    ['/api/v1/pods/?watch=1&labelSelector=app%3Dweb', '/api/v1/pods', [['watch', '1'], ['labelSelector', 'app=web']]],
    ['/apis/apps/v1/namespaces/x/deployments/a.b', '/apis/apps/v1/namespaces/x/deployments/a.b', []],
    ['/api/v1/../v1/pods', '/api/v1/pods', []],
    ['/api/v1/%2e%2e/pods', '/api/pods', []],
    ['/api/v1/./pods', '/api/v1/pods', []],
    ['//api/v1/pods', '/v1/pods', []],
    ['/api/v1/pods??watch=1', '/api/v1/pods', [['?watch', '1']]],
    ['/api/v1/pods?a=b+c#frag', '/api/v1/pods', [['a', 'b c']]],
    ['/api/v1/name space?x=y z', '/api/v1/name%20space', [['x', 'y z']]],
    ['/', '/', []],
  ])('%s', (target, path, query) => {
    expect(parsed(target)).toEqual({ path, query });
    expect(parsed(target)).toEqual(byUrlParser(target));
  });

  it('rejects what a URL parser rejects', () => {
    expect(parsed('//')).toBe('invalid');
    expect(parsed('///')).toBe('invalid');
  });

  it('reads any target as a URL parser does', () => {
    const char = fc.constantFrom(...'/?&=%.#+-_~aZ09:@!$\'"()*,; <>`{}\\^|[]é\t'.split(''), '%2e', '%2E', '..', '%3D');
    const target = fc.array(char, { maxLength: 24 }).map((chars) => `/${chars.join('')}`);
    fc.assert(
      fc.property(target, (t) => {
        expect(parsed(t)).toEqual(byUrlParser(t));
      }),
      { numRuns: 5000 },
    );
  });
});
