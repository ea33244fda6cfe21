import fc from 'fast-check';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeFeedBatch, encodeFeedBatches, leftOutOfLeanFeed, leftOutOfLightFeed, podNodeName, type FeedEvent } from './log-feed';

const event = (position: number, json = `{"position":${position}}`): FeedEvent => ({
  position,
  type: 'ObjectUpdated',
  streamId: `k8s/core/pods/default/p${position}`,
  streamVersion: 1,
  actor: 'service:scheduler',
  json,
});

const decodeAll = (messages: Buffer[]) => messages.map((m) => decodeFeedBatch(m)!);

describe('the relay feed', () => {
  it('carries a page as one message whose first line says what follows', () => {
    const messages = encodeFeedBatches(7, [event(8), event(10, '{"name":"π ≠ 3"}')], 1 << 20);

    expect(messages).toHaveLength(1);
    expect(decodeFeedBatch(messages[0])).toEqual({
      after: 7,
      entries: [
        { meta: { position: 8, type: 'ObjectUpdated', streamId: 'k8s/core/pods/default/p8', actor: 'service:scheduler' }, streamVersion: 1, after: 7, json: '{"position":8}' },
        { meta: { position: 10, type: 'ObjectUpdated', streamId: 'k8s/core/pods/default/p10', actor: 'service:scheduler' }, streamVersion: 1, after: 8, json: '{"name":"π ≠ 3"}' },
      ],
    });
  });

  it('leaves out an event too big for a message; the next message starts after it', () => {
    const big = event(2, `"${'x'.repeat(2000)}"`);
    const batches = decodeAll(encodeFeedBatches(0, [event(1), big, event(3)], 1000));

    expect(batches.map((b) => [b.after, b.entries.map((e) => e.meta.position)])).toEqual([
      [0, [1]],
      [2, [3]],
    ]);
  });

  it('deflates each message: a page of objects that repeat their field names takes a fraction of its bytes', () => {
    const pod = (position: number) => event(position, JSON.stringify({ kind: 'Pod', metadata: { name: `web-${position}`, namespace: 'default' }, spec: { nodeName: `node-${position % 7}` } }));
    const events = Array.from({ length: 200 }, (_, i) => pod(i + 1));
    const [message] = encodeFeedBatches(0, events, 1 << 20);

    expect(message.length * 5).toBeLessThan(events.reduce((sum, e) => sum + e.json.length, 0));
    expect(decodeFeedBatch(message)!.entries.map((e) => e.json)).toEqual(events.map((e) => e.json));
  });

  it('decodes a message whose text is many times larger than its deflated bytes suggest', () => {
    const events = Array.from({ length: 20 }, (_, i) => event(i + 1, `"${'a'.repeat(3000)}"`));
    const [message] = encodeFeedBatches(0, events, 1 << 20);

    expect(message.length * 32).toBeLessThan(events.reduce((sum, e) => sum + e.json.length, 0));
    expect(decodeFeedBatch(message)!.entries.map((e) => e.json)).toEqual(events.map((e) => e.json));
  });

  it('in the lean feed, also leaves out the texts of pods whose only owner is a ReplicaSet (finalizers, claims and other owners keep theirs)', () => {
    const pod = (metadata: string) => event(1, `{"data":{"object":{"apiVersion":"v1","kind":"Pod","metadata":${metadata}}}}`);
    const rs = '"ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web-1","uid":"u"}]';
    expect(leftOutOfLeanFeed(pod('{"name":"plain"}'))).toBe(true);
    expect(leftOutOfLeanFeed(pod(`{${rs}}`))).toBe(true);
    expect(leftOutOfLeanFeed(pod(`{${rs},"finalizers":["f"]}`))).toBe(false);
    expect(leftOutOfLeanFeed(pod('{"ownerReferences":[{"apiVersion":"batch/v1","kind":"Job","name":"pi","uid":"j"}]}'))).toBe(false);
    expect(leftOutOfLeanFeed({ ...pod(`{${rs}}`), streamId: 'k8s/apps/replicasets/default/web-1' })).toBe(false);
  });

  it('in the light feed, leaves out the texts of pod events without an owner, finalizer or claim, and keeps every position', () => {
    const plainPod = event(1, '{"data":{"object":{"kind":"Pod","spec":{"nodeName":"node-1"}}}}');
    const ownedPod = event(2, '{"data":{"object":{"kind":"Pod","metadata":{"ownerReferences":[]}}}}');
    const claimPod = event(3, '{"data":{"object":{"kind":"Pod","spec":{"volumes":[{"persistentVolumeClaim":{"claimName":"c"}}]}}}}');
    const configMap = { ...event(4, '{"data":{"object":{"kind":"ConfigMap"}}}'), streamId: 'k8s/core/configmaps/default/c' };
    const events = [plainPod, ownedPod, claimPod, configMap];
    expect(events.map(leftOutOfLightFeed)).toEqual([true, false, false, false]);

    const [message] = encodeFeedBatches(0, events, 1 << 20, leftOutOfLightFeed);
    const { entries } = decodeFeedBatch(message)!;
    // A pod event says its pod's node, text or not.
    expect(entries.map((e) => e.meta.node)).toEqual(['node-1', undefined, undefined, undefined]);
    expect(entries.map((e) => [e.meta.position, e.after, e.json])).toEqual([
      [1, 0, undefined],
      [2, 1, ownedPod.json],
      [3, 2, claimPod.json],
      [4, 3, configMap.json],
    ]);
  });

  it("reads a pod's node from its text: spec's nodeName, not an annotation's of that name", () => {
    const pod = (spec: object) => JSON.stringify({ data: { object: { metadata: { annotations: { nodeName: 'not-this' }, managedFields: [{ fieldsV1: { 'f:spec': { 'f:nodeName': {} } } }] }, spec, status: { nominatedNodeName: 'nor-this' } } } });
    expect(podNodeName(pod({ nodeName: 'node-7', containers: [] }))).toBe('node-7');
    expect(podNodeName(pod({ containers: [] }))).toBe('not-this');
    expect(podNodeName(JSON.stringify({ data: { object: { spec: {} } } }))).toBeUndefined();
  });

  it('refuses what is not a feed message: not deflated, no first line, or texts that do not add up', () => {
    const [valid] = encodeFeedBatches(0, [event(1)], 1 << 20);
    expect(decodeFeedBatch(inflateRawSync(valid))).toBeUndefined();
    expect(decodeFeedBatch(deflateRawSync('{"position": 3}'))).toBeUndefined();
    expect(decodeFeedBatch(deflateRawSync('{"after":1,"events":[[2,"T","s","a",10]]}\n{}'))).toBeUndefined();
    expect(decodeFeedBatch(valid.subarray(0, valid.length - 2))).toBeUndefined();
  });

  it('for any page and message size, splits it into messages that fit and keeps every event that fits, in order, each after its predecessor', () => {
    fc.assert(
      fc.property(
        fc.nat(100),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.string({ unit: 'binary', maxLength: 300 })), { maxLength: 40 }),
        fc.integer({ min: 200, max: 4000 }),
        (after, steps, maxBytes) => {
          let position = after;
          const events = steps.map(([step, text]) => event((position += step), JSON.stringify(text)));
          const messages = encodeFeedBatches(after, events, maxBytes);
          const entries = decodeAll(messages).flatMap((b) => b.entries);

          for (const message of messages) expect(inflateRawSync(message).length).toBeLessThanOrEqual(maxBytes);
          for (const entry of entries) {
            const index = events.findIndex((e) => e.position === entry.meta.position);
            expect(entry.json).toBe(events[index].json);
            expect(entry.after).toBe(index === 0 ? after : events[index - 1].position);
          }
          const left = events.filter((e) => !entries.some((entry) => entry.meta.position === e.position));
          for (const e of left) expect(Buffer.byteLength(e.json)).toBeGreaterThan(maxBytes - 200);
          expect(entries.map((e) => e.meta.position)).toEqual(events.filter((e) => !left.includes(e)).map((e) => e.position));
        },
      ),
    );
  });
});
