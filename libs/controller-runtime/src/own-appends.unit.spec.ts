import { describe, expect, it, vi } from 'vitest';
import { LazyRecordedEvent } from '@kronicle/contracts';
import type { AppendRequest, AppendResult } from '@kronicle/event-store';
import { ClusterState } from '@kronicle/projection';
import { OwnAppends } from './own-appends';

const meta = { correlationId: 'c', actor: 'service:test', time: '2026-11-30T00:00:00Z' };
const event = (data: unknown) => ({ type: 'ObjectUpdated', data, metadata: meta });
const pod = (name: string, extra: Record<string, unknown> = {}) => ({ object: { apiVersion: 'v1', kind: 'Pod', metadata: { name }, ...extra } });

/** A cache that has folded the log up to `position` (none of these streams). */
const cacheAt = (position: number) => ({ position, get: () => undefined }) as unknown as ClusterState;

/** Two streams appended at once: `a` at positions 11 and 12, `b` at 13. */
function appended(a: unknown[], b: unknown[]): [AppendRequest[], AppendResult[]] {
  return [
    [
      { streamId: 'a', expectedVersion: 0, events: a.map(event) },
      { streamId: 'b', expectedVersion: 0, events: b.map(event) },
    ],
    [
      { streamId: 'a', nextExpectedVersion: a.length, positions: a.map((_, i) => 11 + i) },
      { streamId: 'b', nextExpectedVersion: b.length, positions: b.map((_, i) => 11 + a.length + i) },
    ],
  ];
}

describe("a process's own appends, kept for its cache", () => {
  it('gives each event its data as appended, once, by position', () => {
    const own = new OwnAppends();
    const [first, second, third] = [pod('a1'), pod('a2'), pod('b1')];
    own.remember(...appended([first, second], [third]), cacheAt(10));

    expect(own.take(11)?.data).toBe(first);
    expect(own.take(11)).toBeUndefined();
    expect(own.take(12)?.data).toBe(second);
    expect(own.take(13)?.data).toBe(third);
  });

  it('keeps nothing the cache has folded already, nor data its text would not give back', () => {
    const own = new OwnAppends();
    own.remember(...appended([pod('folded'), pod('undefined field', { spec: { nodeName: undefined } })], [pod('kept')]), cacheAt(11));

    expect([own.take(11), own.take(12)]).toEqual([undefined, undefined]);
    expect(own.take(13)?.data).toEqual(pod('kept'));
  });

  it('drops what it kept for positions the cache went past without asking (events it passed over)', () => {
    const own = new OwnAppends();
    own.remember(...appended([pod('a1'), pod('a2')], [pod('b1')]), cacheAt(10));

    expect(own.take(13)?.data).toEqual(pod('b1'));
    expect([own.take(11), own.take(12)]).toEqual([undefined, undefined]);
  });

  it('gives an event the cache folded before the append answered its data, while nothing has read it', () => {
    const state = new ClusterState();
    const data = { group: '', resource: 'pods', ...pod('early') };
    const text = JSON.stringify({ position: 11, id: 'e', streamId: 'k8s/core/pods/default/early', streamVersion: 1, type: 'ObjectCreated', data, metadata: meta });
    state.apply(new LazyRecordedEvent(11, 'ObjectCreated', 'k8s/core/pods/default/early', 1, text));
    const written = { group: '', resource: 'pods', ...pod('early') };
    new OwnAppends().remember([{ streamId: 'k8s/core/pods/default/early', expectedVersion: 0, events: [event(written)] }], [{ streamId: 'k8s/core/pods/default/early', nextExpectedVersion: 1, positions: [11] }], state);

    const parse = vi.spyOn(JSON, 'parse');
    expect(state.get('k8s/core/pods/default/early')!.object).toMatchObject({ metadata: { name: 'early', resourceVersion: '11' } });
    expect(parse.mock.calls.filter(([t]) => String(t).includes('"early"'))).toEqual([]);
    parse.mockRestore();
  });
});
