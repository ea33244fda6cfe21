/**
 * When each node was last heard of. Fed by heartbeats from core NATS; a node never heard of counts
 * from when this process started, so a restarted lifecycle controller gives every node a full grace
 * period (as upstream's does).
 */
export class HeartbeatTable {
  private readonly seen = new Map<string, number>();

  constructor(private readonly startedAt: number) {}

  heard(nodes: string[], at: number): void {
    for (const node of nodes) this.seen.set(node, at);
  }

  lastSeen(node: string): number {
    return this.seen.get(node) ?? this.startedAt;
  }
}
