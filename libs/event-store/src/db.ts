import type { ClientBase, Pool } from 'pg';

/** What the SQL operations run on: the store's pool, or a client inside a caller's transaction. */
export type Db = Pool | ClientBase;
