import type { ContainerSpec, ContainerStatus, PodSpec, PodStatus } from './pod-status';
import type { SimState } from './stages';

/** A sidecar: an init container with `restartPolicy: Always`, which keeps running beside the pod's containers. */
export const isSidecar = (container: ContainerSpec) => container.restartPolicy === 'Always';

/** Whether an init container has done its part: a regular one exited 0, a sidecar runs. */
function initDone(container: ContainerSpec, status: ContainerStatus | undefined): boolean {
  return isSidecar(container) ? Boolean(status?.state.running) : status?.state.terminated?.exitCode === 0;
}

/**
 * The init container to run next, in spec order, and the pod's state with it: waiting for it to
 * start, it running, or it failed (exited with an error, to be restarted); undefined once the pod is
 * initialized.
 */
export function pendingInit(spec: PodSpec, status: PodStatus): { index: number; state: Extract<SimState, `init-${string}`> } | undefined {
  const inits = spec.initContainers ?? [];
  for (let index = 0; index < inits.length; index++) {
    const current = status.initContainerStatuses?.[index];
    if (initDone(inits[index], current)) continue;
    if (current?.state.running) return { index, state: 'init-running' };
    const failed = current?.state.terminated !== undefined || current?.state.waiting?.reason === 'CrashLoopBackOff';
    return { index, state: failed ? 'init-restarting' : 'init-waiting' };
  }
  return undefined;
}

/** The init containers upstream's Initialized condition names while it is False: those that have not done their part. */
export function incompleteInits(spec: PodSpec, status: PodStatus): string[] {
  return (spec.initContainers ?? []).filter((c, i) => !initDone(c, status.initContainerStatuses?.[i])).map((c) => c.name);
}

/**
 * When the init container at `index` may begin: as the pod starts for the first, else when the one
 * before it exited (or, a sidecar, started). At `index` = their number: when the pod was initialized.
 */
export function initStepStart(spec: PodSpec, status: PodStatus, index: number): string | undefined {
  if (index === 0) return status.startTime;
  const before = status.initContainerStatuses?.[index - 1];
  return isSidecar(spec.initContainers![index - 1]) ? before?.state.running?.startedAt : before?.state.terminated?.finishedAt;
}

/** When the pod's containers may start: once it is initialized (at its start when it has no init containers). */
export function initializedAt(spec: PodSpec, status: PodStatus): string | undefined {
  return initStepStart(spec, status, spec.initContainers?.length ?? 0);
}
