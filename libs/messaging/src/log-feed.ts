import { objectStreamPrefix } from '@kronicle/contracts';
import type { EncodedEvent } from '@kronicle/event-store';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { EventMeta } from './event-message';

/**
 * The relay's feed for Kronicle's own services (`natsNames().logFeed`, core NATS): runs of
 * consecutive committed events, many to a message. One message per event made every service pay
 * nats.js's per-message work (parsing, header decoding, a callback) for every event, and made
 * nats-server copy each event to each service separately; together that was a third of the
 * mesh's CPU. JetStream still gets one message per event with headers, for everyone else.
 *
 * A message is one line of JSON, `{"after":A,"events":[[position, type, streamId, actor, length, streamVersion, node?], …]}`
 * (`node` for a pod event whose pod is bound), then the events' JSON texts back to back, `length` bytes of UTF-8 each. Each text is decoded on its
 * own: a cache keeps an event's text until it parses it, and a slice of one string for the whole
 * message would keep all of the message alive for the one event still unread in it. `after` claims that
 * no committed event lies between it and the first event, nor between neighbours: the relay reads
 * the log's committed prefix, whose only holes are appends that rolled back. A consumer reads the
 * first line and parses only the events it wants.
 *
 * On the wire each message is raw-deflated at level 1: Kubernetes objects repeat their field names,
 * so a message shrinks about tenfold, and nats-server copies it to every service. Compressing once
 * in the relay and inflating in each service cost less than moving the plain bytes: nats-server
 * spent ~2 s and eight subscribers ~3.7 s of CPU to move 91 MB of feed, ~0.1 s and ~1.4 s deflated.
 * A message that does not inflate to a batch is ignored (consumers then read the log).
 *
 * The relay publishes the log three times over: the feed; the light feed (`natsNames().logLightFeed`),
 * the same entries in which the text of a pod event is left out (a `null` length) unless it has a key
 * of `LIGHT_FEED_POD_KEYS`; and the lean feed (`logLeanFeed`), which also leaves out the text of a pod
 * whose only such key is an owner of kind ReplicaSet. Pods are most of a busy cluster's events, and a
 * service that reads only pods in an ownership graph or mounting claims (the garbage collector,
 * storage) then inflates and decodes only those; in a cluster of Deployments every pod has an owner,
 * and only the garbage collector and the ReplicaSet controller read those. A service reads from the
 * log any other pod event it comes to want.
 */
export interface FeedBatch {
  after: number;
  entries: FeedEntry[];
}

export interface FeedEntry {
  meta: EventMeta;
  streamVersion: number;
  /** Position of the entry before it in its batch (the batch's `after` for the first). */
  after: number;
  /** The RecordedEvent as JSON text; undefined where the light feed left it out. */
  json: string | undefined;
}

/** What the feed carries of an event read encoded. */
export type FeedEvent = Pick<EncodedEvent, 'position' | 'type' | 'streamId' | 'streamVersion' | 'actor' | 'json'>;

type EncodedMeta = [position: number, type: string, streamId: string, actor: string, length: number | null, streamVersion: number, node?: string];

/** Keys of a pod event's JSON for which the light feed keeps its text. */
export const LIGHT_FEED_POD_KEYS: readonly string[] = ['ownerReferences', 'finalizers', 'persistentVolumeClaim', 'ephemeral'];
const podStreamPrefix = objectStreamPrefix({ group: '', resource: 'pods' });
const lightFeedPodKey = new RegExp(`"(?:${LIGHT_FEED_POD_KEYS.join('|')})"`);

/** Whether an event is of a pod's stream, told by its stream id alone. */
export function isPodStream(streamId: string): boolean {
  return streamId.startsWith(podStreamPrefix);
}

/** Whether the light feed leaves out the event's text: a pod event with none of `LIGHT_FEED_POD_KEYS`. */
export function leftOutOfLightFeed(event: FeedEvent): boolean {
  return isPodStream(event.streamId) && !lightFeedPodKey.test(event.json);
}

/** Keys of a pod event's JSON for which the lean feed keeps its text; also an owner of a kind other than ReplicaSet. */
export const LEAN_FEED_POD_KEYS: readonly string[] = ['finalizers', 'persistentVolumeClaim', 'ephemeral'];
const leanFeedPodKey = new RegExp(`"(?:${LEAN_FEED_POD_KEYS.join('|')})"`);
/** A `kind` other than the pod's own and a ReplicaSet owner's (in a pod's text, an owner's, or a rare volume field: kept then). */
const otherKind = /"kind":"(?!Pod"|ReplicaSet")/;

/** Whether the lean feed leaves out the event's text: the light feed does, or its only owner is a ReplicaSet. */
export function leftOutOfLeanFeed(event: FeedEvent): boolean {
  return isPodStream(event.streamId) && !leanFeedPodKey.test(event.json) && !otherKind.test(event.json);
}

const NODE_NAME = '"nodeName":"';

/**
 * The node a pod event's pod is bound to, read from its text without parsing it: the last
 * `"nodeName"` key, as spec comes after metadata (whose labels and annotations may use the name)
 * and nothing after spec has the key. A string holds no unescaped quote, so the value ends at the next.
 * An unbound pod with an annotation of that name may be given that node: enough for what is asked
 * of it (which pods a cache takes), never for deciding about the pod.
 */
export function podNodeName(json: string): string | undefined {
  const at = json.lastIndexOf(NODE_NAME);
  if (at < 0) return undefined;
  const start = at + NODE_NAME.length;
  return json.slice(start, json.indexOf('"', start));
}

/**
 * The messages of a page of the log read after `after`, each at most `maxBytes` before deflating
 * (so that also the text a consumer inflates stays below V8's large-object size). An event too big
 * for a message of its own is left out: the message after it then starts after it, and consumers
 * see the jump and read that event from the log.
 */
export function encodeFeedBatches(after: number, events: readonly FeedEvent[], maxBytes: number, leaveOutText: (event: FeedEvent) => boolean = () => false): Buffer[] {
  const messages: Buffer[] = [];
  let metas: EncodedMeta[] = [];
  let texts: string[] = [];
  let bytes = 0;
  let previous = after;
  let batchAfter = after;
  const flush = () => {
    if (metas.length > 0) messages.push(deflateRawSync(`${JSON.stringify({ after: batchAfter, events: metas })}\n${texts.join('')}`, { level: 1 }));
    metas = [];
    texts = [];
    bytes = 0;
    batchAfter = previous;
  };
  for (const event of events) {
    const text = leaveOutText(event) ? undefined : event.json;
    const length = text === undefined ? 0 : Buffer.byteLength(text);
    const meta: EncodedMeta = [event.position, event.type, event.streamId, event.actor, text === undefined ? null : length, event.streamVersion];
    // Pod events say their node: a cache that holds only some nodes' pods decides without the text.
    const node = isPodStream(event.streamId) ? podNodeName(event.json) : undefined;
    if (node !== undefined) meta.push(node);
    // The text, its entry in the first line, and a margin for the line's own fields.
    const size = length + Buffer.byteLength(JSON.stringify(meta)) + 1;
    if (bytes + size + 64 > maxBytes) flush();
    previous = event.position;
    if (size + 64 > maxBytes) {
      batchAfter = previous;
      continue;
    }
    metas.push(meta);
    if (text !== undefined) texts.push(text);
    bytes += size;
  }
  flush();
  return messages;
}

/**
 * What the relay puts in a feed message at most, before deflating. Feed messages stay small: strings
 * and buffers of 256 KiB or more go to V8's large-object space, and encoding and decoding a
 * 46,000-event log in such messages took 7 times the CPU it takes in messages of 64 KiB (about 40
 * events each).
 */
export const FEED_MESSAGE_BYTES = 64 * 1024;

/**
 * One output chunk large enough for the message's text: with zlib's 16 KiB default, a full message
 * was inflated in pieces and copied once more to join them (inflating took 40 % longer). Sized from
 * the deflated length (JSON of objects deflates ten- to twentyfold, a lone event less), since a full-size
 * chunk for every small message of a quiet cluster was garbage in every service; a text larger than
 * its chunk still inflates, in pieces.
 */
function inflateChunkBytes(deflatedBytes: number): number {
  return Math.min(FEED_MESSAGE_BYTES, Math.max(1024, deflatedBytes * 32));
}

/** Undefined for a message that is not a feed batch. */
export function decodeFeedBatch(data: Uint8Array): FeedBatch | undefined {
  let bytes: Buffer;
  try {
    bytes = inflateRawSync(data, { chunkSize: inflateChunkBytes(data.length) });
  } catch {
    return undefined;
  }
  const newline = bytes.indexOf(0x0a);
  if (newline < 0) return undefined;
  let head: { after?: unknown; events?: unknown };
  try {
    head = JSON.parse(bytes.toString('utf8', 0, newline)) as typeof head;
  } catch {
    return undefined;
  }
  if (!Number.isSafeInteger(head.after) || !Array.isArray(head.events)) return undefined;
  const entries: FeedEntry[] = [];
  let previous = head.after as number;
  let offset = newline + 1;
  for (const [position, type, streamId, actor, length, streamVersion, node] of head.events as EncodedMeta[]) {
    const meta: EventMeta = node === undefined ? { position, type, streamId, actor } : { position, type, streamId, actor, node };
    if (length === null) {
      entries.push({ meta, streamVersion, after: previous, json: undefined });
    } else {
      if (offset + length > bytes.length) return undefined;
      entries.push({ meta, streamVersion, after: previous, json: bytes.toString('utf8', offset, offset + length) });
      offset += length;
    }
    previous = position;
  }
  return offset === bytes.length ? { after: head.after as number, entries } : undefined;
}
