export interface DeliveryPlan<T> {
  /** Messages that continue the log without a hole, in order. */
  deliver: T[];
  /** Position of the last delivered message (`last` if none). */
  through: number;
  /** How many messages from the front of the inbox are settled: delivered or dropped as old. */
  consumed: number;
  /** A message that follows a position beyond `through`: something in between was missed. */
  gap: boolean;
}

/** Where a message sits in the log: its position, and the position it follows with nothing committed between. */
export interface LogLink {
  position: number;
  after: number;
}

/**
 * Decides what to do with buffered messages, given the last position already applied. A message
 * continues the log when it follows a position already applied and is itself beyond it; an older
 * one is a duplicate, one that follows a position not yet applied reveals a gap that only a read
 * of the log can fill.
 *
 * Example (each message following the position just below it): last 4, inbox [5, 3, 6, 8, 9],
 * max 10 → deliver [5, 6], through 6, consumed 3 (5, 3, 6), gap true (8 follows 7); 8 and 9 stay in
 * the inbox for after the catch-up. Had 8 said it follows 6 (7 rolled back), 8 and 9 would go too.
 */
export function planDelivery<T>(last: number, inbox: readonly T[], linkOf: (message: T) => LogLink, max: number): DeliveryPlan<T> {
  const deliver: T[] = [];
  let through = last;
  let consumed = 0;
  for (const message of inbox) {
    const { position, after } = linkOf(message);
    if (position > through) {
      if (after > through) return { deliver, through, consumed, gap: true };
      if (deliver.length === max) break;
      deliver.push(message);
      through = position;
    }
    consumed++;
  }
  return { deliver, through, consumed, gap: false };
}
