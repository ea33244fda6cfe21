-- The event log: the single source of truth. Rows in events are only ever inserted, and only by
-- kronicle_append (0002), which hands out positions gaplessly and commits them in order.

CREATE TABLE events (
  position       bigint      PRIMARY KEY,
  id             uuid        NOT NULL DEFAULT gen_random_uuid(),
  stream_id      text        NOT NULL,
  stream_version int         NOT NULL,
  type           text        NOT NULL,
  data           jsonb       NOT NULL,
  metadata       jsonb       NOT NULL,
  recorded_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (stream_id, stream_version)
);

-- Current version of every stream, so a version check does not scan the stream's events.
CREATE TABLE streams (
  stream_id text PRIMARY KEY,
  version   int  NOT NULL
);

-- Position of the last committed event. A counter rather than a sequence: sequences leave gaps
-- when a transaction rolls back, and readers rely on positions being gapless.
CREATE TABLE log_head (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  position bigint  NOT NULL
);
INSERT INTO log_head (position) VALUES (0);

-- Last position each consumer applied; written in the same transaction as its effects.
CREATE TABLE checkpoints (
  consumer text   PRIMARY KEY,
  position bigint NOT NULL
);

-- Statement-level, so that even an UPDATE or DELETE matching no row is refused.
CREATE FUNCTION kronicle_reject_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the event log is append-only: % on events is not allowed', TG_OP
    USING ERRCODE = 'KR001';
END
$$;

CREATE TRIGGER events_append_only
  BEFORE UPDATE OR DELETE OR TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION kronicle_reject_event_change();
