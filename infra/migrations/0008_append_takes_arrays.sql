-- The batch comes as arrays the client built, instead of JSON the function took apart. Taking the
-- headers and the events apart (three aggregating statements: fourteen sorted aggregates and three
-- window passes) was most of the function's own cost besides its rows: per call of one pod-sized
-- event 0.55-0.69 ms of backend CPU, 0.45-0.52 ms now; of a hundred 6.0-6.5 ms, 2.3-3.0 ms now (one
-- connection, synchronous_commit off).
--
-- The client sends, per request of the batch in order: its stream, expected version (null: any),
-- event count and slot (its stream's index, from 1, among the batch's distinct streams, which come
-- sorted, so that every appender locks streams in the same order); per group: its
-- number of requests and its checkpoint (null consumer: none); per event: its stream, its request
-- (from 1) and its index within the request, zipped with the events' JSON as the rows are inserted.
-- It gets back, per request, the version it leaves its stream at and the position of its first
-- event (head + 1 if it has none; 0: its group was refused), and per group its conflict (null: the
-- group was accepted). Locking, checks and ordering are 0007's, unchanged (see 0004 and 0006).
DROP FUNCTION kronicle_append(jsonb, json);
CREATE FUNCTION kronicle_append(
  req_stream      text[],
  req_expected    int[],
  req_count       int[],
  req_slot        int[],
  grp_size        int[],
  grp_cp_consumer text[],
  grp_cp_position bigint[],
  slot_stream     text[],
  ev_stream       text[],
  ev_req          int[],
  ev_k            int[],
  events          json,
  OUT next_versions   int[],
  OUT first_positions bigint[],
  OUT conflicts       jsonb[])
LANGUAGE plpgsql AS $$
DECLARE
  xid         xid8;
  start_head  bigint;
  head        bigint;
  g_head      bigint;
  conflict    jsonb;
  n_groups    int := cardinality(grp_size);
  n_requests  int := cardinality(req_stream);
  first_req   int := 1;
  last_req    int;
  actual      int;
  s           int;
  n           int;
  -- Per slot (distinct stream of the batch).
  base        int[];      -- version before this batch
  version     int[];      -- as the requests accepted so far leave it
  committed   int[];      -- as the groups accepted so far leave it
  cp_consumer text[] := '{}';
  cp_position bigint[] := '{}';
BEGIN
  -- Zeros rather than nulls: an array with nulls is read element by element, and the insert below
  -- reads these by subscript for every event.
  next_versions := array_fill(0, ARRAY[n_requests]);
  first_positions := array_fill(0::bigint, ARRAY[n_requests]);
  conflicts := array_fill(NULL::jsonb, ARRAY[n_groups]);

  -- Under a snapshot older than the lock, versions and head would be read stale.
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'kronicle_append must run at READ COMMITTED (it is meant to be its own transaction)';
  END IF;
  -- Its transaction id must be taken under the lock, or ids would not grow with positions.
  IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
    RAISE EXCEPTION 'kronicle_append must be the first write of its transaction (it is meant to be its own transaction)';
  END IF;

  -- A session lock, released before commit. The block below releases it on any error: a session
  -- lock left behind would stop every appender until this connection closed.
  PERFORM pg_advisory_lock(7300410001);
  BEGIN
    xid := pg_current_xact_id();
    SELECT last_value INTO start_head FROM events_position_seq;
    head := start_head;
    -- Locks the streams' rows and reads their versions in one statement (0006).
    WITH locked AS (
      INSERT INTO streams (stream_id, version) SELECT u.stream_id, 0 FROM unnest(slot_stream) AS u(stream_id)
      ON CONFLICT (stream_id) DO UPDATE SET version = streams.version
      RETURNING streams.stream_id, streams.version)
    SELECT coalesce(array_agg(l.version ORDER BY d.slot), '{}')
      INTO base
      FROM unnest(slot_stream) WITH ORDINALITY AS d(stream_id, slot)
      JOIN locked l ON l.stream_id = d.stream_id;
    version := base;
    committed := base;

    FOR gi IN 1 .. n_groups LOOP
      g_head := head;
      conflict := NULL;
      last_req := first_req + grp_size[gi] - 1;
      FOR i IN first_req .. last_req LOOP
        s := req_slot[i];
        actual := version[s];
        IF req_expected[i] <> actual THEN
          conflict := jsonb_build_object('streamId', req_stream[i], 'expected', req_expected[i], 'actual', actual);
          EXIT;
        END IF;
        n := req_count[i];
        next_versions[i] := actual + n;
        first_positions[i] := g_head + 1;
        IF n > 0 THEN
          version[s] := actual + n;
          g_head := g_head + n;
        END IF;
      END LOOP;

      IF conflict IS NULL THEN
        head := g_head;
        FOR i IN first_req .. last_req LOOP
          committed[req_slot[i]] := version[req_slot[i]];
        END LOOP;
        IF grp_cp_consumer[gi] IS NOT NULL THEN
          cp_consumer := array_append(cp_consumer, grp_cp_consumer[gi]);
          cp_position := array_append(cp_position, grp_cp_position[gi]);
        END IF;
      ELSE
        -- Nothing of the group is written: its streams go back to the versions the accepted groups left.
        FOR i IN first_req .. last_req LOOP
          version[req_slot[i]] := committed[req_slot[i]];
          next_versions[i] := 0;
          first_positions[i] := 0;
        END LOOP;
        conflicts[gi] := conflict;
      END IF;
      first_req := last_req + 1;
    END LOOP;

    IF head > start_head THEN
      PERFORM setval('events_position_seq', head);
    END IF;
    PERFORM pg_advisory_unlock(7300410001);
  EXCEPTION WHEN OTHERS OR query_canceled THEN
    PERFORM pg_advisory_unlock(7300410001);
    RAISE;
  END;

  -- The rows go in after the lock (0004). Each event's row comes from its JSON zipped with its
  -- stream, request and index: no join, and json_to_recordset keeps each event's data as the text it
  -- was sent as, except that it reads JSON null as SQL NULL (the client refuses events without data).
  IF head > start_head THEN
    INSERT INTO events (position, stream_id, stream_version, type, data, metadata, transaction_id)
    SELECT first_positions[e.r] + e.k, e.stream_id, next_versions[e.r] - req_count[e.r] + e.k + 1,
           e.type, coalesce(e.data, 'null'), e.metadata, xid
      FROM ROWS FROM (json_to_recordset(events) AS (type text, data json, metadata jsonb), unnest(ev_stream), unnest(ev_req), unnest(ev_k))
             AS e(type, data, metadata, stream_id, r, k)
     WHERE first_positions[e.r] > 0;

    -- A stream's version changed exactly when an accepted request appended to it.
    INSERT INTO streams (stream_id, version)
    SELECT v.stream_id, v.version
      FROM unnest(slot_stream, base, committed) AS v(stream_id, base, version)
     WHERE v.version <> v.base
    ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version;

    PERFORM pg_notify('kronicle_log', head::text);
  END IF;

  -- When two groups of a batch store the same consumer's checkpoint, the later one wins; a checkpoint
  -- never goes back, as two appends of one consumer may commit in either order.
  IF cardinality(cp_consumer) > 0 THEN
    INSERT INTO checkpoints (consumer, position)
    SELECT DISTINCT ON (c.consumer) c.consumer, c.position
      FROM unnest(cp_consumer, cp_position) WITH ORDINALITY AS c(consumer, position, ord)
     ORDER BY c.consumer, c.ord DESC
    ON CONFLICT (consumer) DO UPDATE SET position = greatest(checkpoints.position, excluded.position);
  END IF;
END
$$;
