import { describe, expect, it } from 'vitest';
import { refusalOf } from '@kronicle/object-lifecycle';
import { listRead, positionAsked, validateWatchOptions } from './list-options';

const query = (q: string) => new URLSearchParams(q);

describe('a list\'s resourceVersion', () => {
  it('reads the latest state without one, or with "0"; one at least that new by default; the state then with Exact', () => {
    expect(listRead(query(''))).toEqual({ kind: 'latest' });
    expect(listRead(query('resourceVersion=0'))).toEqual({ kind: 'latest' });
    expect(listRead(query('resourceVersion=0&resourceVersionMatch=NotOlderThan'))).toEqual({ kind: 'latest' });
    expect(listRead(query('resourceVersion=42'))).toEqual({ kind: 'notOlderThan', position: 42 });
    expect(listRead(query('resourceVersion=42&resourceVersionMatch=NotOlderThan'))).toEqual({ kind: 'notOlderThan', position: 42 });
    expect(listRead(query('resourceVersion=42&resourceVersionMatch=Exact'))).toEqual({ kind: 'exact', position: 42 });
    expect(listRead(query('limit=500&continue=abc'))).toEqual({ kind: 'latest' });
  });

  it("is refused as upstream's ValidateListOptions refuses it, every reason at once", () => {
    expect(refusalOf(() => listRead(query('resourceVersionMatch=Exact')))).toMatchObject({
      code: 422,
      reason: 'Invalid',
      details: { kind: 'ListOptions', group: 'meta.k8s.io' },
      message: 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
    });
    expect(refusalOf(() => listRead(query('resourceVersion=0&resourceVersionMatch=Exact'))).message).toBe(
      'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
    );
    expect(refusalOf(() => listRead(query('resourceVersion=7&resourceVersionMatch=Latest&continue=x&sendInitialEvents=true'))).message).toBe(
      'ListOptions.meta.k8s.io "" is invalid: [resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden when continue is provided, resourceVersionMatch: Unsupported value: "Latest": supported values: "Exact", "NotOlderThan", "", sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list]',
    );
    expect(refusalOf(() => listRead(query('resourceVersion=7&continue=x')))).toMatchObject({ code: 400, message: 'specifying resource version is not allowed when using continue' });
    expect(refusalOf(() => listRead(query('resourceVersion=-3')))).toMatchObject({ code: 400 });
    expect(refusalOf(() => listRead(query('resourceVersion=abc')))).toMatchObject({ code: 400 });
  });

  it("of a get asks for the object at least that new, as a list's does", () => {
    expect([null, '', '0', '17'].map(positionAsked)).toEqual([undefined, undefined, undefined, 17]);
    expect(refusalOf(() => positionAsked('1e3'))).toMatchObject({ code: 400, message: 'resourceVersion: Invalid value: "1e3": must be a log position (a non-negative integer)' });
  });

  it('of a watch takes resourceVersionMatch only with sendInitialEvents, and only NotOlderThan', () => {
    expect(() => validateWatchOptions(query('resourceVersion=7'))).not.toThrow();
    expect(() => validateWatchOptions(query('sendInitialEvents=true&resourceVersionMatch=NotOlderThan'))).not.toThrow();
    expect(refusalOf(() => validateWatchOptions(query('sendInitialEvents=true'))).message).toBe(
      'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan',
    );
    expect(refusalOf(() => validateWatchOptions(query('resourceVersionMatch=Exact'))).message).toBe(
      'ListOptions.meta.k8s.io "" is invalid: [resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided, resourceVersionMatch: Unsupported value: "Exact": supported values: "NotOlderThan"]',
    );
  });
});
