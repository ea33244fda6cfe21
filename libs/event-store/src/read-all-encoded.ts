import type { Db } from './db';
import { committedPageSql, readCommittedPage } from './read-all';

/**
 * An event as `readAllEncoded` returns it, for a publisher that forwards the log: the whole
 * RecordedEvent as JSON text, and the few fields of it a message is routed and labelled by.
 */
export interface EncodedEvent {
  position: number;
  type: string;
  streamId: string;
  /** `data.group` and `data.resource` (set for object events); null where data has no such string. */
  group: string | null;
  resource: string | null;
  /** `metadata.correlationId` and `metadata.actor`; '' when the event has none. */
  correlationId: string;
  actor: string;
  /** The RecordedEvent as JSON: what `JSON.stringify` of the event `readAll` returns would parse back to. */
  json: string;
}

/** What a publisher of the log reads it with (PgEventStore). */
export interface EncodedEventReader {
  /** The events `readAll` would return, already encoded. */
  readAllEncoded(afterPosition: number, limit: number): Promise<EncodedEvent[]>;
}

type EncodedRow = [
  position: string,
  id: string,
  streamId: string,
  streamVersion: number,
  type: string,
  data: string,
  metadata: string,
  group: string | null,
  resource: string | null,
  correlationId: string,
  actor: string,
  held: boolean,
];

// data and metadata come as Postgres prints jsonb, so they are spliced into the body unparsed.
const readAllEncodedSql = committedPageSql(
  `position, id, stream_id, stream_version, type, data::text, metadata::text,
   data->>'group', data->>'resource', coalesce(metadata->>'correlationId', ''), coalesce(metadata->>'actor', '')`,
);

/**
 * `readAll`'s page (same committed-prefix rule) with each event's JSON built from the columns:
 * parsing data and metadata only to stringify them again was the relay's largest cost.
 */
export async function readAllEncoded(db: Db, afterPosition: number, limit: number): Promise<EncodedEvent[]> {
  const rows = await readCommittedPage<EncodedRow>(db, { name: 'kronicle_read_all_encoded', text: readAllEncodedSql }, afterPosition, limit);
  return rows.map(([position, id, streamId, streamVersion, type, data, metadata, group, resource, correlationId, actor]) => ({
    // bigint arrives as its decimal digits: a JSON number as it is.
    position: Number(position),
    type,
    streamId,
    group,
    resource,
    correlationId,
    actor,
    // Keys in the order of the object readAll builds.
    json: `{"position":${position},"id":${JSON.stringify(id)},"streamId":${JSON.stringify(streamId)},"streamVersion":${streamVersion},"type":${JSON.stringify(type)},"data":${data},"metadata":${metadata}}`,
  }));
}
