import { parseObjectStreamId } from '@kronicle/contracts';
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
  streamVersion: number;
  /**
   * Group and resource of an object's stream (`k8s/<group>/<resource>/…`, core as ''); of any other
   * stream, `data.group` and `data.resource`, null where data has no such string.
   */
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

// data comes as its writer sent it (json), metadata as Postgres prints jsonb: both are spliced into
// the body unparsed. Group and resource are read from data only where the stream id does not say
// them (the shape parseObjectStreamId takes): a field of json is found by parsing all of it.
const notObjectStream = `stream_id !~ '^k8s/[^/]*/[^/]*/[^/]*/[^/]*$'`;
const readAllEncodedSql = committedPageSql(
  `position, id, stream_id, stream_version, type, data::text, metadata::text,
   CASE WHEN ${notObjectStream} THEN data->>'group' END,
   CASE WHEN ${notObjectStream} THEN data->>'resource' END,
   coalesce(metadata->>'correlationId', ''), coalesce(metadata->>'actor', '')`,
);

/**
 * `readAll`'s page (same committed-prefix rule) with each event's JSON built from the columns:
 * parsing data and metadata only to stringify them again was the relay's largest cost.
 */
export async function readAllEncoded(db: Db, afterPosition: number, limit: number): Promise<EncodedEvent[]> {
  const rows = await readCommittedPage<EncodedRow>(db, { name: 'kronicle_read_all_encoded', text: readAllEncodedSql }, afterPosition, limit);
  return rows.map(([position, id, streamId, streamVersion, type, data, metadata, dataGroup, dataResource, correlationId, actor]) => {
    const key = parseObjectStreamId(streamId);
    return {
      // bigint arrives as its decimal digits: a JSON number as it is.
      position: Number(position),
      type,
      streamId,
      streamVersion,
      group: key ? key.group : dataGroup,
      resource: key ? key.resource : dataResource,
      correlationId,
      actor,
      // Keys in the order of the object readAll builds.
      json: `{"position":${position},"id":${JSON.stringify(id)},"streamId":${JSON.stringify(streamId)},"streamVersion":${streamVersion},"type":${JSON.stringify(type)},"data":${data},"metadata":${metadata}}`,
    };
  });
}
