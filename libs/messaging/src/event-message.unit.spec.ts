import { EventHeaders, natsNames, ObjectEventType } from '@kronicle/contracts';
import type { EncodedEvent } from '@kronicle/event-store';
import { describe, expect, it } from 'vitest';
import { encodedEventHeaders, encodedEventSubject, eventMessageId } from './event-message';

const names = natsNames('east');
const encoded = (type: string, group: string | null, resource: string | null): EncodedEvent => ({
  position: 42,
  type,
  streamId: 'k8s/apps/deployments/default/web',
  streamVersion: 1,
  group,
  resource,
  correlationId: 'req-7',
  actor: 'user:alice',
  json: '{}',
});

describe('event messages', () => {
  it('put object events on their group and resource, core objects under core', () => {
    expect(encodedEventSubject(names, encoded(ObjectEventType.Updated, 'apps', 'deployments'))).toBe('east.events.apps.deployments');
    expect(encodedEventSubject(names, encoded(ObjectEventType.Created, '', 'pods'))).toBe('east.events.core.pods');
    expect(encodedEventSubject(names, encoded(ObjectEventType.Deleted, 'batch.k8s.io', 'jobs'))).toBe('east.events.batch_k8s_io.jobs');
  });

  it('put every other event on the cluster’s other subject, still inside the events stream', () => {
    expect(encodedEventSubject(names, encoded('NodeWentNotReady', null, null))).toBe('east.events.other');
  });

  it('carry position, type, stream, correlation and actor in headers, and a message id unique per cluster and position', () => {
    const h = encodedEventHeaders(encoded(ObjectEventType.Updated, 'apps', 'deployments'));
    expect([...h].map(([key, values]) => [key, values[0]])).toEqual([
      [EventHeaders.Position, '42'],
      [EventHeaders.Type, ObjectEventType.Updated],
      [EventHeaders.StreamId, 'k8s/apps/deployments/default/web'],
      [EventHeaders.CorrelationId, 'req-7'],
      [EventHeaders.Actor, 'user:alice'],
    ]);
    expect(eventMessageId(names, { position: 42 })).toBe('east-42');
  });
});
