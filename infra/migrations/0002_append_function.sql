-- kronicle_append: the only writer of events. One call appends a batch of independent groups
-- (group commit); each group is all-or-nothing, so a version conflict in one group leaves the
-- others untouched.
--
-- groups: [{"requests": [{"streamId": text, "expected": int | null, "count": int}],
--           "checkpoint": {"consumer": text, "position": bigint} | null}]
--   expected null means any version; count is how many of `events` the request takes, in order.
-- events: [{"type": text, "data": {}, "metadata": {}}] for all requests of all groups, flattened.
-- Returns one outcome per group:
--   {"ok": [[nextVersion, firstPosition], ...]}                        one pair per request
--   {"conflict": {"streamId": text, "expected": int, "actual": int}}   nothing of the group written
--
-- A transaction-level advisory lock serialises all appenders, so positions are taken in commit
-- order: a reader paging by position sees a gapless prefix of the log and never skips an event.
CREATE FUNCTION kronicle_append(groups jsonb, events jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  start_head bigint;
  head       bigint;
  versions   jsonb;            -- stream id -> version, as earlier groups of the batch left it
  outcomes   jsonb := '[]';
  next_event int := 0;         -- index in `events` of the current request's first event
  g          jsonb;
  r          jsonb;
  g_head     bigint;
  g_versions jsonb;
  g_ok       jsonb;
  g_conflict jsonb;
  g_accepted int;
  actual     int;
  n          int;
  -- Requests accepted so far, one element each, turned into rows by a single INSERT at the end.
  acc_stream         text[]   := '{}';
  acc_first_event    int[]    := '{}';
  acc_count          int[]    := '{}';
  acc_base_version   int[]    := '{}';
  acc_first_position bigint[] := '{}';
  cp_consumer        text[]   := '{}';
  cp_position        bigint[] := '{}';
  ev_type            text[];
  ev_data            jsonb[];
  ev_metadata        jsonb[];
BEGIN
  -- Taking the events apart before the lock keeps the time other appenders wait to a minimum.
  SELECT array_agg(e->>'type' ORDER BY ord), array_agg(e->'data' ORDER BY ord), array_agg(e->'metadata' ORDER BY ord)
    INTO ev_type, ev_data, ev_metadata
    FROM jsonb_array_elements(events) WITH ORDINALITY AS x(e, ord);
  -- Under a snapshot older than the lock, versions and head would be read stale.
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'kronicle_append must run at READ COMMITTED (it is meant to be its own transaction)';
  END IF;
  PERFORM pg_advisory_xact_lock(7300410001);
  SELECT position INTO start_head FROM log_head;
  head := start_head;
  SELECT coalesce(jsonb_object_agg(s.stream_id, s.version), '{}') INTO versions
    FROM streams s
   WHERE s.stream_id IN (SELECT req->>'streamId'
                           FROM jsonb_array_elements(groups) grp,
                                jsonb_array_elements(grp->'requests') req);

  FOR g IN SELECT value FROM jsonb_array_elements(groups) LOOP
    g_head := head;
    g_versions := versions;
    g_ok := '[]';
    g_conflict := NULL;
    g_accepted := cardinality(acc_stream);
    FOR r IN SELECT value FROM jsonb_array_elements(g->'requests') LOOP
      n := (r->>'count')::int;
      IF g_conflict IS NULL THEN
        actual := coalesce((g_versions->>(r->>'streamId'))::int, 0);
        IF jsonb_typeof(r->'expected') = 'number' AND (r->>'expected')::int <> actual THEN
          g_conflict := jsonb_build_object('streamId', r->'streamId', 'expected', r->'expected', 'actual', actual);
        ELSE
          g_ok := g_ok || jsonb_build_array(jsonb_build_array(actual + n, g_head + 1));
          IF n > 0 THEN
            acc_stream := array_append(acc_stream, r->>'streamId');
            acc_first_event := array_append(acc_first_event, next_event);
            acc_count := array_append(acc_count, n);
            acc_base_version := array_append(acc_base_version, actual);
            acc_first_position := array_append(acc_first_position, g_head + 1);
            g_versions := g_versions || jsonb_build_object(r->>'streamId', actual + n);
            g_head := g_head + n;
          END IF;
        END IF;
      END IF;
      next_event := next_event + n;
    END LOOP;

    IF g_conflict IS NULL THEN
      head := g_head;
      versions := g_versions;
      outcomes := outcomes || jsonb_build_array(jsonb_build_object('ok', g_ok));
      IF jsonb_typeof(g->'checkpoint') = 'object' THEN
        cp_consumer := array_append(cp_consumer, g->'checkpoint'->>'consumer');
        cp_position := array_append(cp_position, (g->'checkpoint'->>'position')::bigint);
      END IF;
    ELSE
      acc_stream := acc_stream[1:g_accepted];
      acc_first_event := acc_first_event[1:g_accepted];
      acc_count := acc_count[1:g_accepted];
      acc_base_version := acc_base_version[1:g_accepted];
      acc_first_position := acc_first_position[1:g_accepted];
      outcomes := outcomes || jsonb_build_array(jsonb_build_object('conflict', g_conflict));
    END IF;
  END LOOP;

  IF head > start_head THEN
    INSERT INTO events (position, stream_id, stream_version, type, data, metadata)
    SELECT a.first_position + i, a.stream_id, a.base_version + i + 1, ev_type[a.first_event + i + 1], ev_data[a.first_event + i + 1], ev_metadata[a.first_event + i + 1]
      FROM unnest(acc_stream, acc_first_event, acc_count, acc_base_version, acc_first_position)
             AS a(stream_id, first_event, n, base_version, first_position)
     CROSS JOIN LATERAL generate_series(0, a.n - 1) AS i;

    INSERT INTO streams (stream_id, version)
    SELECT DISTINCT ON (a.stream_id) a.stream_id, a.base_version + a.n
      FROM unnest(acc_stream, acc_count, acc_base_version, acc_first_position) AS a(stream_id, n, base_version, first_position)
     ORDER BY a.stream_id, a.first_position DESC
    ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version;

    UPDATE log_head SET position = head;
    PERFORM pg_notify('kronicle_log', head::text);
  END IF;

  -- When two groups of a batch store the same consumer's checkpoint, the later one wins.
  INSERT INTO checkpoints (consumer, position)
  SELECT DISTINCT ON (c.consumer) c.consumer, c.position
    FROM unnest(cp_consumer, cp_position) WITH ORDINALITY AS c(consumer, position, ord)
   ORDER BY c.consumer, c.ord DESC
  ON CONFLICT (consumer) DO UPDATE SET position = excluded.position;

  RETURN outcomes;
END
$$;
