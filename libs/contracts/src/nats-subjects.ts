/**
 * Names of everything Kronicle creates on NATS. All start with the cluster name
 * (`KRONICLE_CLUSTER`, default `kronicle`) so that two Kronicles can share one server.
 */
export interface NatsNames {
  cluster: string;
  /** JetStream stream holding the log's events. */
  eventsStream: string;
  /** Subject of one log event: `<cluster>.events.<group|core>.<resource>` (dots in groups become `_`). */
  eventSubject(group: string, resource: string): string;
  /** Wildcard matching every log event. */
  allEvents: string;
  /** Core NATS subject on which the relay announces the log head (no history). */
  logHead: string;
  /** Core NATS subject of the relay's feed for Kronicle's services: runs of events, many to a message (messaging's log-feed). */
  logFeed: string;
  /** Core NATS subject of the same feed with most pod events' texts left out (messaging's log-feed). */
  logLightFeed: string;
  /** Core NATS subject of the same feed with the texts of pods a ReplicaSet owns left out too (messaging's log-feed). */
  logLeanFeed: string;
  /** Prefix for core NATS signals that are not history (heartbeats, ticks). */
  signal(name: string): string;
}

export function natsNames(cluster = process.env.KRONICLE_CLUSTER || 'kronicle'): NatsNames {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(cluster)) {
    throw new Error(`KRONICLE_CLUSTER must be lowercase letters, digits and '-', got ${JSON.stringify(cluster)}`);
  }
  return {
    cluster,
    eventsStream: `${cluster}-events`,
    eventSubject: (group, resource) => `${cluster}.events.${group ? group.replace(/\./g, '_') : 'core'}.${resource}`,
    allEvents: `${cluster}.events.>`,
    logHead: `${cluster}.log.head`,
    logFeed: `${cluster}.log.feed`,
    logLightFeed: `${cluster}.log.feed-light`,
    logLeanFeed: `${cluster}.log.feed-lean`,
    signal: (name) => `${cluster}.signal.${name}`,
  };
}

/** Headers the relay sets on every published event, so consumers can filter without parsing bodies. */
export const EventHeaders = {
  Position: 'Kronicle-Position',
  Type: 'Kronicle-Type',
  StreamId: 'Kronicle-Stream-Id',
  CorrelationId: 'Kronicle-Correlation-Id',
  /** `metadata.actor`: lets a consumer pass over other actors' events (e.g. their Kubernetes Events) unparsed. */
  Actor: 'Kronicle-Actor',
  MsgId: 'Nats-Msg-Id',
} as const;
