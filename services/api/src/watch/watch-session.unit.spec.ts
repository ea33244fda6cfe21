import { describe, expect, it } from 'vitest';
import { objectStreamId, ObjectEventType, type KubeObject, type RecordedEvent } from '@kronicle/contracts';
import { resourceInfo } from '@kronicle/object-lifecycle';
import { LiveCluster } from '../cluster/live-cluster';
import { parseLabelSelector } from '../request/label-selector';
import { WatchSession, type WatchEvent } from './watch-session';

const configmaps = resourceInfo('', 'configmaps');

/** A log of ConfigMap events in `default`, with the reads a watch makes of it counted. */
class Log {
  readonly events: RecordedEvent[] = [];
  readAllCalls: number[] = [];
  readStreamCalls: string[] = [];

  write(type: ObjectEventType, name: string, labels: Record<string, string> = {}): void {
    const streamId = objectStreamId({ group: '', resource: 'configmaps', namespace: 'default', name });
    const streamVersion = this.events.filter((e) => e.streamId === streamId).length + 1;
    const object: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', labels } };
    const position = this.events.length + 1;
    this.events.push({ id: `e${position}`, position, streamId, streamVersion, type, data: { group: '', resource: 'configmaps', object }, metadata: { correlationId: 'c', actor: 'user:t', time: 't' } });
  }

  async readAll(after: number, limit: number): Promise<RecordedEvent[]> {
    this.readAllCalls.push(after);
    return this.events.filter((e) => e.position > after).slice(0, limit);
  }

  async readStream(streamId: string, afterVersion = 0): Promise<RecordedEvent[]> {
    this.readStreamCalls.push(streamId);
    return this.events.filter((e) => e.streamId === streamId && e.streamVersion > afterVersion);
  }
}

async function watch(log: Log, resourceVersion: string, labelSelector: string): Promise<WatchEvent[]> {
  const cluster = new LiveCluster();
  await cluster.apply(log.events);
  const seen: WatchEvent[] = [];
  const session = new WatchSession({ info: configmaps, query: { namespace: 'default', labels: parseLabelSelector(labelSelector), fields: [] }, resourceVersion }, cluster, log);
  await session.start((event) => seen.push(event));
  session.stop();
  return seen;
}

const summary = (events: WatchEvent[]) => events.map((e) => `${e.type} ${e.object.metadata.name} ${e.object.metadata.resourceVersion}`);

describe('a watch resumed with a label selector', () => {
  it('shows objects entering the selector as ADDED, leaving it as DELETED, changing within it as MODIFIED', async () => {
    const log = new Log();
    log.write(ObjectEventType.Created, 'stays', { app: 'web' }); // 1
    log.write(ObjectEventType.Created, 'leaves', { app: 'web' }); // 2
    log.write(ObjectEventType.Created, 'enters', { app: 'db' }); // 3
    log.write(ObjectEventType.Created, 'untouched', { app: 'web' }); // 4
    log.write(ObjectEventType.Created, 'goes', { app: 'web' }); // 5
    log.write(ObjectEventType.Created, 'other', { app: 'db' }); // 6
    // resourceVersion 6: the client has seen the first six events
    log.write(ObjectEventType.Updated, 'stays', { app: 'web', v: '2' }); // 7
    log.write(ObjectEventType.Updated, 'leaves', { app: 'db' }); // 8
    log.write(ObjectEventType.Updated, 'enters', { app: 'web' }); // 9
    log.write(ObjectEventType.Deleted, 'goes', { app: 'web' }); // 10
    log.write(ObjectEventType.Updated, 'other', { app: 'db', v: '2' }); // 11
    log.write(ObjectEventType.Created, 'new', { app: 'web' }); // 12

    expect(summary(await watch(log, '6', 'app=web'))).toEqual(['MODIFIED stays 7', 'DELETED leaves 8', 'ADDED enters 9', 'DELETED goes 10', 'ADDED new 12']);
    // An object created since the resourceVersion was not there: its stream is not read.
    expect(log.readStreamCalls.map((id) => id.split('/').pop())).toEqual(['stays', 'leaves', 'enters', 'goes', 'other']);
  });

  it('reads the history since the resourceVersion and the streams that changed in it, not the log from the start', async () => {
    const log = new Log();
    for (let i = 0; i < 50; i++) log.write(ObjectEventType.Created, `old-${i}`, { app: 'web' });
    log.write(ObjectEventType.Updated, 'old-3', { app: 'db' });

    expect(summary(await watch(log, '50', 'app=web'))).toEqual(['DELETED old-3 51']);
    expect(Math.min(...log.readAllCalls)).toBe(50);
    expect(log.readStreamCalls).toEqual([objectStreamId({ group: '', resource: 'configmaps', namespace: 'default', name: 'old-3' })]);
  });
});
