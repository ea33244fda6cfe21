-- Events are compressed with lz4 instead of pglz. A pod's event (about 2 KB of jsonb) is over the
-- TOAST threshold, so nearly every row was compressed with pglz on insert and decompressed on every
-- read: 30,000 such rows took 560-770 ms of backend CPU to insert with pglz, 250-480 ms with lz4
-- (220-390 ms uncompressed, at 1.6 times the disk), and reading them back cost less too. Applies
-- to rows written from now on. A server built without lz4 keeps pglz.
DO $$
BEGIN
  ALTER TABLE events ALTER COLUMN data SET COMPRESSION lz4, ALTER COLUMN metadata SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'lz4 is not supported by this server; events stay compressed with pglz';
END
$$;
