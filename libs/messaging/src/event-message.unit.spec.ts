import { EventHeaders, natsNames, ObjectEventType, type RecordedEvent } from '@kronicle/contracts';
import { describe, expect, it } from 'vitest';
import { encodedEventHeaders, encodedEventSubject, eventHeaders, eventMessageId, eventMetaOf, eventSubject } from './event-message';

const names = natsNames('east');
const event = (type: string, data: unknown): RecordedEvent => ({
  id: 'e1',
  type,
  data,
  metadata: { correlationId: 'req-7', actor: 'user:alice', time: '2026-01-01T00:00:00Z' },
  position: 42,
  streamId: 'k8s/apps/deployments/default/web',
  streamVersion: 3,
});

describe('event messages', () => {
  it('put object events on their group and resource, core objects under core', () => {
    expect(eventSubject(names, event(ObjectEventType.Updated, { group: 'apps', resource: 'deployments' }))).toBe('east.events.apps.deployments');
    expect(eventSubject(names, event(ObjectEventType.Created, { group: '', resource: 'pods' }))).toBe('east.events.core.pods');
    expect(eventSubject(names, event(ObjectEventType.Deleted, { group: 'batch.k8s.io', resource: 'jobs' }))).toBe('east.events.batch_k8s_io.jobs');
  });

  it('put every other event on the cluster’s other subject, still inside the events stream', () => {
    expect(eventSubject(names, event('NodeWentNotReady', {}))).toBe('east.events.other');
  });

  it('carry position, type, stream, correlation and actor in headers, and a message id unique per cluster and position', () => {
    const h = eventHeaders(event(ObjectEventType.Updated, { group: 'apps', resource: 'deployments' }));
    expect(h.get(EventHeaders.CorrelationId)).toBe('req-7');
    expect(eventMetaOf(h)).toEqual({ position: 42, type: ObjectEventType.Updated, streamId: 'k8s/apps/deployments/default/web', actor: 'user:alice' });
    expect(eventMessageId(names, event('X', {}))).toBe('east-42');
  });

  it('give an event read encoded the subject and headers of the event itself', () => {
    const { correlationId, actor } = event('X', {}).metadata;
    const encoded = ({ position, type, streamId }: RecordedEvent, group: string | null, resource: string | null) => ({ position, type, streamId, group, resource, correlationId, actor, json: '{}' });
    const deployment = event(ObjectEventType.Updated, { group: 'apps', resource: 'deployments' });
    const pod = event(ObjectEventType.Created, { group: '', resource: 'pods' });
    const other = event('NodeWentNotReady', {});

    expect(encodedEventSubject(names, encoded(deployment, 'apps', 'deployments'))).toBe(eventSubject(names, deployment));
    expect(encodedEventSubject(names, encoded(pod, '', 'pods'))).toBe(eventSubject(names, pod));
    expect(encodedEventSubject(names, encoded(other, null, null))).toBe(eventSubject(names, other));
    expect([...encodedEventHeaders(encoded(deployment, 'apps', 'deployments'))]).toEqual([...eventHeaders(deployment)]);
  });

  it('ignore messages without a valid position', () => {
    expect(eventMetaOf(undefined)).toBeUndefined();
  });
});
