export interface DeliveryPlan<T> {
  /** Messages that continue the log without a hole, in order. */
  deliver: T[];
  /** Position of the last delivered message (`last` if none). */
  through: number;
  /** How many messages from the front of the inbox are settled: delivered or dropped as old. */
  consumed: number;
  /** A message skipped ahead of `through + 1`: something in between was missed. */
  gap: boolean;
}

/**
 * Decides what to do with buffered messages, given the last position already applied. Positions
 * are gapless but for the rare hole of an append that rolled back, so the message to follow `last`
 * is `last + 1`: an older one is a duplicate, a newer one reveals a gap that only a read of the log
 * can fill (or pass, for such a hole).
 *
 * Example: last 4, inbox [5, 3, 6, 8, 9], max 10 → deliver [5, 6], through 6, consumed 3 (5, 3, 6),
 * gap true (8 came after 6); 8 and 9 stay in the inbox for after the catch-up.
 */
export function planDelivery<T>(last: number, inbox: readonly T[], positionOf: (message: T) => number, max: number): DeliveryPlan<T> {
  const deliver: T[] = [];
  let through = last;
  let consumed = 0;
  for (const message of inbox) {
    const position = positionOf(message);
    if (position > through + 1) return { deliver, through, consumed, gap: true };
    if (position === through + 1) {
      if (deliver.length === max) break;
      deliver.push(message);
      through = position;
    }
    consumed++;
  }
  return { deliver, through, consumed, gap: false };
}
