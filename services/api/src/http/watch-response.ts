import { toTable } from '@kronicle/kube-printers';
import type { Clock } from '../objects/object-service';
import type { ResourceInfo } from '@kronicle/object-lifecycle';
import type { WatchEvent, WatchSession } from '../watch/watch-session';
import type { ResponseFormat } from './content';
import type { KubeResponse } from './kube-request';
import type { IncludeObject } from './responses';

export interface WatchOptions {
  format: ResponseFormat;
  resource: ResourceInfo;
  includeObject: IncludeObject;
  timeoutSeconds?: number;
  allowBookmarks: boolean;
  clock: Clock;
}

/** Upstream ends watches after a while (minRequestTimeout 1800 s); clients re-watch from their last resourceVersion. */
const DEFAULT_TIMEOUT_SECONDS = 1800;
const BOOKMARK_INTERVAL_MS = 30_000;

/** A streamed watch: one JSON watch event per line, as `?watch=true` serves it. */
export function watchResponse(session: WatchSession, options: WatchOptions): KubeResponse {
  return {
    kind: 'stream',
    contentType: 'application/json',
    open: async (sink) => {
      let headersSent = false;
      const write = (event: WatchEvent) => sink.write(`${JSON.stringify(encodeEvent(event))}\n`);
      const encodeEvent = (event: WatchEvent) => {
        if (options.format !== 'table' || event.type === 'BOOKMARK') return event;
        // Tables in a watch carry their column definitions once, in the first event, as upstream does.
        const table = toTable({ group: options.resource.group, resource: options.resource.resource, objects: [event.object], now: options.clock.now(), includeObject: options.includeObject });
        if (headersSent) table.columnDefinitions = [];
        headersSent = true;
        return { type: event.type, object: table };
      };
      await session.start(write);
      const timers: NodeJS.Timeout[] = [];
      const stop = () => {
        for (const t of timers) clearTimeout(t);
        session.stop();
      };
      timers.push(setTimeout(() => { stop(); sink.end(); }, (options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000));
      if (options.allowBookmarks) timers.push(setInterval(() => write(session.bookmark()), BOOKMARK_INTERVAL_MS));
      return stop;
    },
  };
}
