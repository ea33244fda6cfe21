import type { KubeObject } from '@kronicle/contracts';
import { column, wideColumn } from '../columns';
import type { Printer } from '../printer';
import { swaggerDocs } from '../swagger-docs';
import { parseTimestamp, since } from '../timestamp';

/** The fields of a core/v1 Event the table reads. */
interface CoreEvent {
  name: string;
  involvedObject?: { kind?: string; name?: string; fieldPath?: string };
  type?: string;
  reason?: string;
  message?: string;
  source?: { component?: string; host?: string };
  reportingComponent?: string;
  reportingInstance?: string;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  count?: number;
  series?: { count?: number; lastObservedTime?: string };
}

const docs = swaggerDocs.Event;

const columns = [
  column('Last Seen', 'string', docs.lastTimestamp),
  column('Type', 'string', docs.type),
  column('Reason', 'string', docs.reason),
  column('Object', 'string', docs.involvedObject),
  wideColumn('Subobject', 'string', swaggerDocs.ObjectReference.fieldPath),
  wideColumn('Source', 'string', docs.source),
  column('Message', 'string', docs.message),
  wideColumn('First Seen', 'string', docs.firstTimestamp),
  wideColumn('Count', 'string', docs.count),
  { ...wideColumn('Name', 'string', swaggerDocs.ObjectMeta.name), format: 'name' },
];

export const coreEventPrinter: Printer = {
  columns,
  cells: (object, now) => eventCells(fromCoreV1(object), now),
};

/** events.k8s.io/v1 Events are the same objects under other field names; upstream prints both alike. */
export const eventsV1EventPrinter: Printer = {
  columns,
  cells: (object, now) => eventCells(fromEventsV1(object), now),
};

function fromCoreV1(object: KubeObject): CoreEvent {
  const event = object as KubeObject & Omit<CoreEvent, 'name' | 'reportingComponent'> & { reportingComponent?: string };
  return { ...event, name: object.metadata.name ?? '' };
}

function fromEventsV1(object: KubeObject): CoreEvent {
  const event = object as KubeObject & {
    regarding?: CoreEvent['involvedObject'];
    note?: string;
    type?: string;
    reason?: string;
    reportingController?: string;
    reportingInstance?: string;
    deprecatedSource?: CoreEvent['source'];
    deprecatedFirstTimestamp?: string;
    deprecatedLastTimestamp?: string;
    deprecatedCount?: number;
    eventTime?: string;
    series?: CoreEvent['series'];
  };
  return {
    name: object.metadata.name ?? '',
    involvedObject: event.regarding,
    type: event.type,
    reason: event.reason,
    message: event.note,
    source: event.deprecatedSource,
    reportingComponent: event.reportingController,
    reportingInstance: event.reportingInstance,
    firstTimestamp: event.deprecatedFirstTimestamp,
    lastTimestamp: event.deprecatedLastTimestamp,
    eventTime: event.eventTime,
    count: event.deprecatedCount,
    series: event.series,
  };
}

function eventCells(event: CoreEvent, now: Date): (string | number)[] {
  // New-style events only carry eventTime; a series carries its latest observation and count.
  const firstSeen = parseTimestamp(event.firstTimestamp) === undefined ? since(event.eventTime, now) : since(event.firstTimestamp, now);
  let lastSeen = parseTimestamp(event.lastTimestamp) === undefined ? firstSeen : since(event.lastTimestamp, now);
  let count = event.count ?? 0;
  if (event.series) {
    lastSeen = since(event.series.lastObservedTime, now);
    count = event.series.count ?? 0;
  } else if (count === 0) {
    count = 1;
  }
  const kind = (event.involvedObject?.kind ?? '').toLowerCase();
  const target = event.involvedObject?.name ? `${kind}/${event.involvedObject.name}` : kind;
  return [
    lastSeen,
    event.type ?? '',
    event.reason ?? '',
    target,
    event.involvedObject?.fieldPath ?? '',
    source(event),
    (event.message ?? '').trim(),
    firstSeen,
    count,
    event.name,
  ];
}

/** "component, host", falling back to the reporting controller and instance. */
function source(event: CoreEvent): string {
  const component = event.source?.component || event.reportingComponent || '';
  const instance = event.source?.host || event.reportingInstance || '';
  return instance ? `${component}, ${instance}` : component;
}
