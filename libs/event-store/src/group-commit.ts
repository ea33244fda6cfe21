export interface GroupCommitOptions<TItem> {
  /** Bound on the summed weight of one flush; an item heavier than this still goes, alone. */
  maxWeight: number;
  weight(item: TItem): number;
  /**
   * How long a flush waits for more items before it goes, as Kafka's `linger.ms`: fewer, larger
   * flushes for a writer whose appends may wait a little. Default 0: at once.
   */
  lingerMs?: number;
}

/** Settles each submitted item: an Error rejects only that item's caller. */
export type Flush<TItem, TResult> = (items: TItem[]) => Promise<(TResult | Error)[]>;

interface Waiting<TItem, TResult> {
  item: TItem;
  resolve(result: TResult): void;
  reject(error: unknown): void;
}

/**
 * Coalesces concurrent submissions into few flushes, one at a time and in submission order. An item
 * submitted while a flush is out (or lingers) waits, and the next flush takes every waiting item at
 * once: under load a flush carries many items, while a lone item goes out after `lingerMs`.
 */
export function groupCommit<TItem, TResult>(
  flush: Flush<TItem, TResult>,
  options: GroupCommitOptions<TItem>,
): (item: TItem) => Promise<TResult> {
  const queue: Waiting<TItem, TResult>[] = [];
  let flushing = false;
  let lingering = false;

  const takeBatch = (): Waiting<TItem, TResult>[] => {
    let weight = options.weight(queue[0].item);
    let count = 1;
    while (count < queue.length) {
      weight += options.weight(queue[count].item);
      if (weight > options.maxWeight) break;
      count++;
    }
    return queue.splice(0, count);
  };

  const settle = (batch: Waiting<TItem, TResult>[], results: (TResult | Error)[]): void => {
    batch.forEach((waiting, i) => {
      const result = results[i];
      if (result instanceof Error) waiting.reject(result);
      else waiting.resolve(result);
    });
  };

  const pump = (): void => {
    if (flushing || lingering || queue.length === 0) return;
    if (!options.lingerMs) return flushNext();
    lingering = true;
    setTimeout(() => {
      lingering = false;
      flushNext();
    }, options.lingerMs);
  };

  const flushNext = (): void => {
    const batch = takeBatch();
    flushing = true;
    flush(batch.map((waiting) => waiting.item))
      .then(
        (results) => settle(batch, results),
        (error: unknown) => batch.forEach((waiting) => waiting.reject(error)),
      )
      .finally(() => {
        flushing = false;
        pump();
      });
  };

  return (item) =>
    new Promise<TResult>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      pump();
    });
}
