/**
 * The relay's announcement on core NATS (`natsNames().logHead`): every event up to `position` has
 * been published. A consumer behind it has missed messages and catches up from the log.
 */
export interface LogHead {
  position: number;
}

export function encodeLogHead(head: LogHead): Uint8Array {
  return Buffer.from(JSON.stringify(head));
}

export function decodeLogHead(data: Uint8Array): LogHead | undefined {
  try {
    const { position } = JSON.parse(Buffer.from(data).toString()) as Partial<LogHead>;
    return Number.isSafeInteger(position) ? { position: position as number } : undefined;
  } catch {
    return undefined;
  }
}
