import { withoutOmittedFields } from '@kronicle/kube-protobuf';

/**
 * A status as a status write stores it: as Go's encoding/json prints the kind's status type once decoded, so
 * without the zero values omitempty leaves out (a ReplicaSet scaled to 0 shows `{replicas: 0, observedGeneration: 3}`,
 * no `readyReplicas: 0`). Controllers build their status through it, so that what they compare with the cached
 * object is what was stored. Kinds without a Go type keep their status as it is.
 */
export function storedStatus<T>(apiVersion: string, kind: string, status: T): T {
  if (status === undefined || status === null) return status;
  return withoutOmittedFields(apiVersion, kind, { status }).status;
}
