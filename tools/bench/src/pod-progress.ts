import { Client } from 'pg';

/**
 * Follows the run's event log (read-only, by position, every `pollMs`) and records, per pod, the
 * moments its lifecycle reached the log: created (its `ObjectCreated`), bound (first event whose pod
 * has `spec.nodeName`), Running and Ready (first event with `status.phase` Running, and with the
 * Ready condition True). Every moment is the `recorded_at` of that event: the start of the append
 * transaction that wrote it, on Postgres' clock, with microseconds. Kubernetes' own timestamps
 * (creationTimestamp, condition times) have whole seconds and come from different processes, too
 * coarse for a 1 s target; the log has every step of every pod on one clock.
 *
 * The same reader follows chosen other streams (a Deployment), keeping their latest object.
 */
export interface PodTimes {
  created?: number;
  bound?: number;
  running?: number;
  ready?: number;
}

interface Row {
  position: string;
  stream_id: string;
  type: string;
  at: number;
  /** The event's data, parsed by the driver: parsing json in Postgres to pick three fields cost more. */
  data: { object?: PodFields } | null;
}

interface PodFields {
  spec?: { nodeName?: string };
  status?: { phase?: string; conditions?: { type?: string; status?: string }[] };
}

const pageRows = 20_000;
/** Where the log is settled: no append still committing holds a position at or below it. */
const settledHeadSql = `SELECT coalesce(max(position), 0) AS position FROM events
                         WHERE transaction_id IS NULL OR transaction_id < pg_snapshot_xmin(pg_current_snapshot())`;

export class LogProgress {
  readonly pods = new Map<string, PodTimes>();
  readonly objects = new Map<string, { at: number; position: number; object: Record<string, unknown> }>();
  readyCount = 0;
  runningCount = 0;
  boundCount = 0;
  createdCount = 0;
  deletedCount = 0;
  position = 0;
  private readonly client: Client;

  constructor(
    databaseUrl: string,
    /** Pods whose stream id starts with this are followed, e.g. `k8s/core/pods/default/`. */
    private readonly podPrefix: string,
    /** Streams whose latest object is kept (e.g. a Deployment's). */
    private readonly watchedStreams: string[] = [],
  ) {
    this.client = new Client({ connectionString: databaseUrl, application_name: 'bench-observer', query_timeout: 30_000 });
  }

  async open(): Promise<void> {
    await this.client.connect();
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }

  /** Reads everything appended since the last poll. */
  async poll(): Promise<void> {
    for (;;) {
      // One snapshot for the rows and the head: nothing committed between the two reads is skipped.
      // Only appends older than every running transaction are read: appends commit out of position
      // order, and one still committing may hold positions below those of one that has committed.
      await this.client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        const { rows } = await this.client.query<Row>({
          name: 'progress',
          text: `SELECT position, stream_id, type, extract(epoch FROM recorded_at) * 1000 AS at, data
                   FROM events
                  WHERE position > $1 AND (starts_with(stream_id, $2) OR stream_id = ANY($3))
                    AND (transaction_id IS NULL OR transaction_id < pg_snapshot_xmin(pg_current_snapshot()))
                  ORDER BY position LIMIT ${pageRows}`,
          values: [this.position, this.podPrefix, this.watchedStreams],
        });
        for (const row of rows) this.apply(row);
        if (rows.length === pageRows) continue;
        // Later positions of other streams need not be read again.
        const head = await this.client.query<{ position: string }>(settledHeadSql);
        this.position = Math.max(this.position, Number(head.rows[0].position));
        return;
      } finally {
        await this.client.query('COMMIT');
      }
    }
  }

  private apply(row: Row): void {
    const position = Number(row.position);
    this.position = Math.max(this.position, position);
    const at = Number(row.at);
    const object = row.data?.object;
    if (this.watchedStreams.includes(row.stream_id)) {
      if (object) this.objects.set(row.stream_id, { at, position, object: object as Record<string, unknown> });
      return;
    }
    let pod = this.pods.get(row.stream_id);
    if (!pod) this.pods.set(row.stream_id, (pod = {}));
    if (row.type === 'ObjectCreated' && pod.created === undefined) (pod.created = at), this.createdCount++;
    if (row.type === 'ObjectDeleted') this.deletedCount++;
    if (object?.spec?.nodeName && pod.bound === undefined) (pod.bound = at), this.boundCount++;
    if (object?.status?.phase === 'Running' && pod.running === undefined) (pod.running = at), this.runningCount++;
    if (object?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') && pod.ready === undefined) (pod.ready = at), this.readyCount++;
  }
}

/** Polls until `done()` or the deadline (epoch ms); true if done. */
export async function pollUntil(progress: LogProgress, done: () => boolean, deadline: number, pollMs = 500, onPoll?: () => void): Promise<boolean> {
  for (;;) {
    await progress.poll();
    onPoll?.();
    if (done()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, Math.max(0, deadline - Date.now()))));
  }
}
