import { randomUUID } from 'node:crypto';
import {
  ObjectEventType,
  objectStreamId,
  type EventMetadata,
  type KubeObject,
  type NewEvent,
  type ObjectEventData,
  type ObjectMeta,
} from '@kronicle/contracts';

/**
 * The events every throughput figure writes and reads: ConfigMap object events of about 500 bytes
 * of JSON (data plus metadata), the size the guide's reference figures use. One stream per batch,
 * created by its first event and updated by the rest, so the rebuild folds real object changes.
 */
export interface SampleBatch {
  streamId: string;
  events: NewEvent<ObjectEventData>[];
}

export function sampleBatch(writer: number, batch: number, size: number): SampleBatch {
  const name = `cm-${writer}-${batch}`;
  const streamId = objectStreamId({ group: '', resource: 'configmaps', namespace: 'bench', name });
  const uid = randomUUID();
  const events = Array.from({ length: size }, (_, version) => ({
    type: version === 0 ? ObjectEventType.Created : ObjectEventType.Updated,
    data: {
      group: '',
      resource: 'configmaps',
      object: sampleConfigMap(name, version, { namespace: 'bench', uid, creationTimestamp: '2026-01-01T00:00:00Z' }),
    },
    metadata: sampleMetadata(),
  }));
  return { streamId, events };
}

/** A ConfigMap whose data changes with every version. */
export function sampleConfigMap(name: string, version: number, metadata: Partial<ObjectMeta> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, ...metadata, labels: { app: 'bench', tier: 'config' } },
    data: {
      'settings.properties': `version=${version}\nlog.level=info\ncache.size=512\nfeature.flags=alpha,beta,gamma\n`,
      'endpoint.url': 'https://service.bench.svc:8443/api',
    },
  };
}

export function sampleMetadata(): EventMetadata {
  return { correlationId: randomUUID(), actor: 'user:bench', time: new Date().toISOString() };
}

/** Bytes of JSON one event stores (data plus metadata), for the report. */
export function eventJsonBytes(event: NewEvent): number {
  return Buffer.byteLength(JSON.stringify(event.data)) + Buffer.byteLength(JSON.stringify(event.metadata));
}
