/**
 * Keys waiting to be reconciled, each at most once in the queue (as client-go's workqueue): a key
 * added while it is being processed is processed again afterwards, never twice at once, however
 * many workers take from the queue.
 */
export class WorkQueue {
  private readonly queued = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly dirtyWhileProcessing = new Set<string>();
  private waiters: (() => void)[] = [];

  add(key: string): void {
    if (this.processing.has(key)) {
      this.dirtyWhileProcessing.add(key);
      return;
    }
    this.queued.add(key);
    this.waiters.shift()?.();
  }

  get length(): number {
    return this.queued.size;
  }

  /** Keys being processed now (taken and not yet `done`). */
  get inFlight(): number {
    return this.processing.size;
  }

  /** Takes the next key, waiting for one; `done(key)` must follow. */
  async take(signal: AbortSignal): Promise<string | undefined> {
    // Stopping wins over queued keys: a controller that keeps requeueing must still stop.
    if (signal.aborted) return undefined;
    while (this.queued.size === 0) {
      if (signal.aborted) return undefined;
      await new Promise<void>((resolve) => {
        const wake = () => {
          signal.removeEventListener('abort', wake);
          this.waiters = this.waiters.filter((w) => w !== wake);
          resolve();
        };
        this.waiters.push(wake);
        signal.addEventListener('abort', wake, { once: true });
      });
    }
    if (signal.aborted) return undefined;
    const key = this.queued.values().next().value as string;
    this.queued.delete(key);
    this.processing.add(key);
    // More keys than this one: let another waiting worker have the next.
    if (this.queued.size > 0) this.waiters.shift()?.();
    return key;
  }

  done(key: string): void {
    this.processing.delete(key);
    if (this.dirtyWhileProcessing.delete(key)) this.add(key);
  }
}
