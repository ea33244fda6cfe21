import { ObjectEventType, type EventMetadata, type KubeObject, type NewEvent, type ObjectEventData } from '@kronicle/contracts';
import type { ResourceInfo } from './resource-info';

/** Builds the event that records an object change; resourceVersion is never stored (it is the position). */
export function objectEvent(
  type: ObjectEventType,
  info: ResourceInfo,
  object: KubeObject,
  metadata: EventMetadata,
  extra: Pick<ObjectEventData, 'subresource' | 'propagationPolicy'> = {},
): NewEvent<ObjectEventData> {
  const { resourceVersion: _rv, ...objectMeta } = object.metadata;
  const data: ObjectEventData = { group: info.group, resource: info.resource, object: { ...object, metadata: objectMeta }, ...extra };
  return { type, data, metadata };
}
