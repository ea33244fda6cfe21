import type { EventMetadata, KubeObject, NewEvent } from '@kronicle/contracts';
import { errors } from './api-error';
import type { ResourceInfo } from './resource-info';
import { claimChanges, claimStreamId } from './service-addresses';

/** An append to a stream other than the object's own, committed in the same transaction. */
export interface StreamAppend {
  streamId: string;
  expectedVersion: number;
  events: NewEvent[];
}

export const AddressEventType = { Claimed: 'AddressClaimed', Released: 'AddressReleased' } as const;

/**
 * What must be appended together with an object change: a Service's address claims and releases.
 * A claim stream alternates Claimed/Released, so it is free exactly when its version is even;
 * appending at that version means two concurrent creates can never both take the address.
 */
export function companionAppends(
  info: ResourceInfo,
  before: KubeObject | undefined,
  after: KubeObject | undefined,
  versionOf: (streamId: string) => number,
  metadata: EventMetadata,
): StreamAppend[] {
  if (info.group !== '' || info.resource !== 'services') return [];
  const owner = (after ?? before)!;
  const { claim, release } = claimChanges(before, after);
  const data = (name: string) => ({ claim: name, owner: { namespace: owner.metadata.namespace, name: owner.metadata.name, uid: owner.metadata.uid } });
  return [
    ...claim.map((name) => {
      const streamId = claimStreamId(name);
      const version = versionOf(streamId);
      if (version % 2 === 1) throw errors.conflict('', 'services', owner.metadata.name ?? '', `address ${name} is already allocated`);
      return { streamId, expectedVersion: version, events: [{ type: AddressEventType.Claimed, data: data(name), metadata }] };
    }),
    ...release.map((name) => {
      const streamId = claimStreamId(name);
      return { streamId, expectedVersion: versionOf(streamId), events: [{ type: AddressEventType.Released, data: data(name), metadata }] };
    }),
  ];
}
