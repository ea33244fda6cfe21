/** Leadership held until released or lost (for instance when the lock's connection drops). */
export interface Lease {
  /** Resolves when leadership was lost without a release. */
  readonly lost: Promise<Error>;
  release(): Promise<void>;
}

/** Election among relays of one cluster: at most one holds a lease at any time. */
export interface LeaderLock {
  /** Waits until this process leads; rejects when `signal` aborts first. */
  acquire(signal: AbortSignal): Promise<Lease>;
}
