import type { KubeObject } from '@kronicle/contracts';
import { errors } from '@kronicle/object-lifecycle';
import { simulatedLogs } from '@kronicle/pod-lifecycle';
import type { KubeResponse } from './kube-request';

interface Container {
  name: string;
}

/**
 * `kubectl logs`: the simulated container's output. Upstream's kubelet serves it; here it is a pure
 * function of the pod's recorded status, so any replica of the API answers the same.
 */
export function podLog(pod: KubeObject, query: URLSearchParams, now: Date): KubeResponse {
  const name = pod.metadata.name ?? '';
  const containers = ((pod.spec as { containers?: Container[] } | undefined)?.containers ?? []).map((c) => c.name);
  const container = query.get('container') ?? undefined;
  if (!container && containers.length > 1) {
    throw errors.badRequest(`a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`);
  }
  const chosen = container ?? containers[0];
  if (!containers.includes(chosen)) throw errors.badRequest(`container ${chosen} is not valid for pod ${name}`);
  const text = simulatedLogs(pod, now, { container: chosen, previous: query.get('previous') === 'true' });
  if (text === undefined) {
    const waiting = (pod.status as { containerStatuses?: { name: string; state?: { waiting?: { reason?: string } } }[] } | undefined)?.containerStatuses?.find((c) => c.name === chosen)?.state?.waiting?.reason;
    throw errors.badRequest(`container "${chosen}" in pod "${name}" is waiting to start: ${waiting ?? 'ContainerCreating'}`);
  }
  return { kind: 'body', status: 200, contentType: 'text/plain', body: tail(text, query.get('tailLines')) };
}

function tail(text: string, tailLines: string | null): string {
  if (tailLines === null) return text;
  const lines = text.split('\n').filter(Boolean);
  return lines.slice(Math.max(0, lines.length - Number(tailLines))).map((l) => `${l}\n`).join('');
}
