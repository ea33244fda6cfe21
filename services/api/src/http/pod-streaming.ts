import type { KubeObject } from '@kronicle/contracts';
import { errors } from '@kronicle/object-lifecycle';
import { requestedContainer } from './pod-container';

/** The pod subresources upstream's API server streams from the pod's kubelet. */
export const STREAMING_SUBRESOURCES: readonly string[] = ['exec', 'attach', 'portforward'];

/**
 * `pods/exec`, `pods/attach`, `pods/portforward`: checked as upstream's API server checks them before
 * it connects to the kubelet (the container, the node), then refused: a simulated node runs no
 * processes to stream from. Without this answer kubectl said `the server could not find the requested
 * resource`, as if the API did not know the subresource.
 */
export function refuseStreaming(pod: KubeObject, subresource: string, query: URLSearchParams): never {
  const name = pod.metadata.name ?? '';
  if (subresource !== 'portforward') requestedContainer(pod, query.get('container') ?? undefined);
  const nodeName = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
  if (!nodeName) throw errors.badRequest(`pod ${name} does not have a host assigned`);
  throw errors.badRequest(`${subresource} is not available for pod ${name}: node ${nodeName} is simulated and runs no processes`);
}
