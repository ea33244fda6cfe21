import type { KubeObject } from '@kronicle/contracts';
import { errors } from '@kronicle/object-lifecycle';

/**
 * The container a pod's log, exec, attach or port-forward request is for, as upstream's
 * validateContainer decides it: the one asked for (a container, init container or ephemeral container of the pod),
 * else the pod's only container. 400 otherwise.
 */
export function requestedContainer(pod: KubeObject, asked: string | undefined): string {
  const name = pod.metadata.name ?? '';
  const spec = (pod.spec ?? {}) as { containers?: { name: string }[]; initContainers?: { name: string }[]; ephemeralContainers?: { name: string }[] };
  const containers = (spec.containers ?? []).map((c) => c.name);
  const initContainers = (spec.initContainers ?? []).map((c) => c.name);
  const ephemeralContainers = (spec.ephemeralContainers ?? []).map((c) => c.name);
  if (!asked && containers.length > 1) {
    const orInit = initContainers.length > 0 ? ` or one of the init containers: [${initContainers.join(' ')}]` : '';
    throw errors.badRequest(`a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]${orInit}`);
  }
  const chosen = asked ?? containers[0];
  if (![...containers, ...initContainers, ...ephemeralContainers].includes(chosen)) throw errors.badRequest(`container ${chosen} is not valid for pod ${name}`);
  return chosen;
}
