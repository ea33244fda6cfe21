import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kronicle/contracts';
import { resourceInfo } from '@kronicle/object-lifecycle';
import { InMemoryCluster } from './in-memory-cluster';
import { correlateKubeEvents, kubeEvent, type KubeEventInput } from './kube-event';
import { KubeEventCorrelator } from './kube-event-correlator';
import type { ObjectWrite } from './object-write';
import { planWrites } from './plan-writes';

const t0 = new Date('2026-01-01T00:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const rs = (name: string): KubeObject => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name, namespace: 'default', uid: `${name}-uid` } });
const created = (pod: number, now: Date, overrides: Partial<KubeEventInput> = {}): ObjectWrite =>
  kubeEvent({ regarding: rs('web'), type: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: web-${pod}`, component: 'replicaset-controller', now, ...overrides });
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

type CoreEvent = KubeObject & { message: string; count: number; firstTimestamp: string; lastTimestamp: string; involvedObject: { name: string }; reason: string };

/** A process recording events: one recorder memory, each reconcile's Events planned on a draft kept once written. */
function recorder() {
  const cluster = new InMemoryCluster();
  cluster.write([{ kind: 'create', resource: resourceInfo('', 'namespaces'), object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } } }], t0);
  const correlator = new KubeEventCorrelator();
  return {
    cluster,
    correlator,
    /** One reconcile writing these events at `now`. */
    record(writes: ObjectWrite[], now: Date) {
      const draft = correlator.draft(now);
      cluster.write(correlateKubeEvents(writes, cluster.state, draft), now, 'service:replicaset');
      draft.commit();
    },
    events: () => cluster.state.list({ group: '', resource: 'events', namespace: 'default' }).map((s) => s.object as CoreEvent),
  };
}
const combined = (events: CoreEvent[]) => events.filter((e) => e.message.startsWith('(combined from similar events): '));

describe('KubeEventCorrelator: similar events (upstream EventAggregator)', () => {
  it('given 9 similar events (another message each), the 10th and later are one Event "(combined from similar events): …" that counts them', () => {
    const r = recorder();

    for (const pod of range(1, 12)) r.record([created(pod, at(pod))], at(pod));

    const events = r.events();
    expect(events).toHaveLength(10);
    expect(events.filter((e) => e.count === 1 && /^Created pod: web-\d+$/.test(e.message)).map((e) => e.message)).toEqual(range(1, 9).map((n) => `Created pod: web-${n}`));
    expect(combined(events)).toEqual([
      expect.objectContaining({ message: '(combined from similar events): Created pod: web-12', count: 3, firstTimestamp: '2026-01-01T00:00:10Z', lastTimestamp: '2026-01-01T00:00:12Z' }),
    ]);
  });

  it('an event repeated with the same message is counted, never combined', () => {
    const r = recorder();
    const backOff = (now: Date) => created(0, now, { type: 'Warning', reason: 'BackOff', message: 'Back-off restarting failed container' });

    for (const s of range(1, 12)) r.record([backOff(at(s))], at(s));

    expect(r.events()).toEqual([expect.objectContaining({ reason: 'BackOff', message: 'Back-off restarting failed container', count: 12 })]);
  });

  it('similar events more than 10 minutes after the last one start afresh', () => {
    const r = recorder();
    for (const pod of range(1, 9)) r.record([created(pod, at(pod))], at(pod));

    r.record([created(10, at(9 + 601))], at(9 + 601));

    expect(combined(r.events())).toEqual([]);
    expect(r.events()).toHaveLength(10);
  });
});

describe('KubeEventCorrelator: spam filter (upstream EventSourceObjectSpamFilter)', () => {
  it('given a burst of 25 events about one object, the 26th is dropped; 300 s later one more is written, counting the dropped ones', () => {
    const r = recorder();

    // One reconcile creating 30 pods, as a ReplicaSet does.
    r.record(range(1, 30).map((pod) => created(pod, t0)), t0);
    // 9 Events, then events 10..25 combined; 26..30 are dropped.
    expect(r.events()).toHaveLength(10);
    expect(combined(r.events())).toEqual([expect.objectContaining({ message: '(combined from similar events): Created pod: web-25', count: 16 })]);

    r.record([created(31, at(299))], at(299));
    expect(combined(r.events())).toEqual([expect.objectContaining({ count: 16 })]);

    r.record([created(32, at(300))], at(300));
    // 10..25 written, 26..31 dropped, 32 written now: 23 occurrences.
    expect(combined(r.events())).toEqual([expect.objectContaining({ message: '(combined from similar events): Created pod: web-32', count: 23, lastTimestamp: '2026-01-01T00:05:00Z' })]);

    r.record([created(33, at(300))], at(300));
    expect(combined(r.events())).toEqual([expect.objectContaining({ count: 23 })]);
  });

  it('other objects, and other reasons about the same object, have buckets of their own', () => {
    const r = recorder();
    r.record(range(1, 30).map((pod) => created(pod, t0)), t0);

    r.record(
      [
        created(1, t0, { regarding: rs('api') }),
        created(31, t0, { type: 'Warning', reason: 'FailedCreate', message: 'Error creating: pods "web-31" is forbidden: exceeded quota' }),
      ],
      t0,
    );

    expect(r.events().filter((e) => e.involvedObject.name === 'api')).toEqual([expect.objectContaining({ message: 'Created pod: web-1', count: 1 })]);
    expect(r.events().filter((e) => e.reason === 'FailedCreate')).toEqual([expect.objectContaining({ count: 1 })]);
  });

  it('a plan whose append is refused spends no tokens and counts nothing (the reconcile is decided again)', () => {
    const r = recorder();
    const ctx = { now: t0, newUid: () => 'u', randomSuffix: () => 'abcde' };
    const meta = { correlationId: 'c', actor: 'service:replicaset', time: t0.toISOString() };

    // Planned, never committed: the append lost a race.
    planWrites(
      range(1, 30).map((pod) => created(pod, t0)),
      r.cluster.state,
      ctx,
      meta,
      r.correlator.draft(t0),
    );
    r.record(range(1, 30).map((pod) => created(pod, t0)), t0);

    expect(combined(r.events())).toEqual([expect.objectContaining({ count: 16 })]);
    expect(r.events()).toHaveLength(10);
  });

  it('the same memory and cache give the same plan', () => {
    const writes = range(1, 30).map((pod) => created(pod, t0));
    const a = recorder();
    const b = recorder();
    expect(correlateKubeEvents(writes, a.cluster.state, a.correlator.draft(t0))).toEqual(correlateKubeEvents(writes, b.cluster.state, b.correlator.draft(t0)));
  });
});
