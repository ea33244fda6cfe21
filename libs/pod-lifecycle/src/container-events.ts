import { goDurationString } from '@kronicle/kube-protobuf';
import type { ContainerSpec } from './pod-status';

export interface KubeletEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  /** The container the event is about, as upstream's container references name it: `spec.containers{web}`. */
  fieldPath?: string;
}

/** Go's `%q` for an image reference (printable ASCII, as image references are). */
const quoted = (image: string) => JSON.stringify(image);

/** Which list of the pod's spec a container is in: its events name it there. */
export type ContainerField = 'containers' | 'initContainers' | 'ephemeralContainers';

const containerEvent = (container: ContainerSpec, reason: string, message: string, type: KubeletEvent['type'] = 'Normal', field: ContainerField = 'containers'): KubeletEvent => ({
  type,
  reason,
  message,
  fieldPath: `spec.${field}{${container.name}}`,
});

/** The image manager pulls only under `Always`: `IfNotPresent` finds a simulated node's image present, and `Never` never pulls. */
const pulls = (container: ContainerSpec) => container.imagePullPolicy === 'Always';

/** What the kubelet reports as it goes to ContainerCreating: the pulls it starts (its image manager's `Pulling`). */
export function pullingEvents(containers: readonly ContainerSpec[], field: ContainerField = 'containers'): KubeletEvent[] {
  return containers.filter(pulls).map((c) => containerEvent(c, 'Pulling', `Pulling image ${quoted(c.image ?? '')}`, 'Normal', field));
}

/**
 * What the kubelet reports as it starts each container (image manager, then kuberuntime's
 * `Created` and `Started`), on the first start and on every restart. A pull took `pullMs`, the time
 * since `Pulling`; a simulated image has no size, so it says 0 bytes.
 */
export function startEvents(containers: readonly ContainerSpec[], pullMs: number, field: ContainerField = 'containers'): KubeletEvent[] {
  const took = goDurationString(BigInt(Math.max(0, Math.trunc(pullMs))) * 1_000_000n);
  return containers.flatMap((c) => {
    const image = quoted(c.image ?? '');
    const pulled = pulls(c)
      ? containerEvent(c, 'Pulled', `Successfully pulled image ${image} in ${took} (${took} including waiting). Image size: 0 bytes.`, 'Normal', field)
      : containerEvent(c, 'Pulled', `Container image ${image} already present on machine`, 'Normal', field);
    return [pulled, containerEvent(c, 'Created', `Created container: ${c.name}`, 'Normal', field), containerEvent(c, 'Started', `Started container ${c.name}`, 'Normal', field)];
  });
}

/** A restart under `Always` pulls again first: `Pulling`, then the start's events with a pull that took no time. */
export function restartEvents(containers: readonly ContainerSpec[], field: ContainerField = 'containers'): KubeletEvent[] {
  return [...pullingEvents(containers, field), ...startEvents(containers, 0, field)];
}

const STOPPING = 'Stopping container ';

/** What the kubelet reports as it begins to stop a pod's running containers for its deletion. */
export function stoppingEvents(containers: readonly ContainerSpec[], field: ContainerField = 'containers'): KubeletEvent[] {
  return containers.map((c) => containerEvent(c, 'Killing', `${STOPPING}${c.name}`, 'Normal', field));
}

/** Whether an Event is one of `stoppingEvents` (a liveness kill is a `Killing` too). */
export function isStoppingEvent(event: { reason?: string; message?: string }): boolean {
  return event.reason === 'Killing' && event.message?.startsWith(STOPPING) === true;
}

/** A container killed because its liveness probe failed. */
export function livenessKillEvent(container: ContainerSpec): KubeletEvent {
  return containerEvent(container, 'Killing', `Container ${container.name} failed liveness probe, will be restarted`);
}

/**
 * A running container killed because its spec changed (its image: the only field of a container a pod's
 * update may change); upstream words it differently for a sidecar, which it restarts as an init container.
 */
export function definitionChangedEvent(container: ContainerSpec, field: ContainerField = 'containers'): KubeletEvent {
  const message = field === 'initContainers' ? `Init container ${container.name} definition changed` : `Container ${container.name} definition changed, will be restarted`;
  return containerEvent(container, 'Killing', message, 'Normal', field);
}

/** A pod failed for running longer than its `activeDeadlineSeconds`: about the pod, not one container. */
export const deadlineExceededEvent: KubeletEvent = { type: 'Normal', reason: 'DeadlineExceeded', message: 'Pod was active on the node longer than the specified deadline' };

/** A restart held back by CrashLoopBackOff; `podName` as the kubelet formats it, `name_namespace(uid)`. */
export function backOffEvent(container: ContainerSpec, podName: string, field: ContainerField = 'containers'): KubeletEvent {
  return containerEvent(container, 'BackOff', `Back-off restarting failed container ${container.name} in pod ${podName}`, 'Warning', field);
}

/** A volume the kubelet could not set up (upstream's operation generator): about the pod, not one container. */
export function failedMountEvents(volumes: readonly { volume: string; message: string }[]): KubeletEvent[] {
  return volumes.map(({ volume, message }) => ({ type: 'Warning', reason: 'FailedMount', message: `MountVolume.SetUp failed for volume ${quoted(volume)} : ${message}` }));
}

/** A container the kubelet could not configure (upstream's FailedToCreateContainer, with its CreateContainerConfigError). */
export function containerConfigErrorEvent(container: ContainerSpec, message: string, field: ContainerField = 'containers'): KubeletEvent {
  return containerEvent(container, 'Failed', `Error: ${message}`, 'Warning', field);
}
