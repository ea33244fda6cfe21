/**
 * A pod's lifecycle as data, in the spirit of kwok's Stage: each stage selects pods by their
 * simulated state, waits a delay measured from a moment in the pod's status, and names the next
 * change. The engine (`nextStep`) interprets them; profiles differ only in their numbers.
 */
export type SimState =
  /** Bound, nothing reported yet. */
  | 'unstarted'
  /** Initializing: the next init container waits to start. */
  | 'init-waiting'
  /** Initializing: a (regular) init container runs. */
  | 'init-running'
  /** Initializing: an init container failed and will be restarted (CrashLoopBackOff between restarts). */
  | 'init-restarting'
  /** Containers waiting in ContainerCreating. */
  | 'creating'
  | 'running'
  /** Containers exited and will be restarted (CrashLoopBackOff between restarts). */
  | 'restarting'
  /** Phase Succeeded or Failed. */
  | 'finished';

export type Change = 'create' | 'init-start' | 'init-exit' | 'init-restart' | 'start' | 'ready' | 'exit' | 'restart' | 'replace' | 'deadline' | 'ephemeral-start' | 'delete';

export interface Stage {
  name: string;
  /**
   * `ephemeral`: whether the pod has ephemeral containers its kubelet has not started yet; `changed`:
   * whether a running container's image is no longer its spec's (`kubectl set image pod/…`); `deadline`:
   * whether the pod has `spec.activeDeadlineSeconds`.
   */
  selector: {
    states: SimState[];
    deleting: boolean;
    /** Whether the pod's containers are ready (its ContainersReady condition). */
    ready?: boolean;
    exits?: boolean;
    ephemeral?: boolean;
    changed?: boolean;
    deadline?: boolean;
    /** Whether the pod's Ready condition (status or message) disagrees with its readiness gates' conditions (set by other controllers). */
    gatesMoved?: boolean;
  };
  /** Measured from this moment of the pod; its length comes from the pod's behaviour or profile. */
  delay: {
    from: 'now' | 'startTime' | 'initStep' | 'initStartedAt' | 'initFinishedAt' | 'initialized' | 'startedAt' | 'finishedAt' | 'deletionStart';
    length: 'none' | 'activeDeadline' | 'containerCreating' | 'initRun' | 'initBackOff' | 'readiness' | 'run' | 'backOff' | 'stop';
  };
  next: Change;
}

/** The default stages, first match wins. */
export const stages: Stage[] = [
  // Deletion first: a pod being deleted stops its containers (within its grace period) and goes.
  { name: 'pod-delete-finished', selector: { states: ['unstarted', 'init-waiting', 'init-running', 'init-restarting', 'creating', 'restarting', 'finished'], deleting: true }, delay: { from: 'now', length: 'none' }, next: 'delete' },
  { name: 'pod-delete', selector: { states: ['running'], deleting: true }, delay: { from: 'deletionStart', length: 'stop' }, next: 'delete' },
  // Ephemeral containers (kubectl debug) start as soon as they are added to a pod whose containers have started.
  { name: 'ephemeral-container-start', selector: { states: ['running', 'restarting'], deleting: false, ephemeral: true }, delay: { from: 'now', length: 'none' }, next: 'ephemeral-start' },
  // A pod active on its node for longer than its activeDeadlineSeconds fails (upstream's activeDeadlineHandler).
  {
    name: 'pod-deadline',
    selector: { states: ['init-waiting', 'init-running', 'init-restarting', 'creating', 'running', 'restarting'], deleting: false, deadline: true },
    delay: { from: 'startTime', length: 'activeDeadline' },
    next: 'deadline',
  },
  // A running container whose image was changed is killed and started again with the new one, whatever the restart policy.
  { name: 'container-replace', selector: { states: ['running'], deleting: false, changed: true }, delay: { from: 'now', length: 'none' }, next: 'replace' },
  { name: 'pod-create', selector: { states: ['unstarted'], deleting: false }, delay: { from: 'now', length: 'none' }, next: 'create' },
  // Init containers one after the other, each created as containers are; a sidecar keeps running.
  { name: 'init-container-start', selector: { states: ['init-waiting'], deleting: false }, delay: { from: 'initStep', length: 'containerCreating' }, next: 'init-start' },
  { name: 'init-container-exit', selector: { states: ['init-running'], deleting: false }, delay: { from: 'initStartedAt', length: 'initRun' }, next: 'init-exit' },
  { name: 'init-container-restart', selector: { states: ['init-restarting'], deleting: false }, delay: { from: 'initFinishedAt', length: 'initBackOff' }, next: 'init-restart' },
  { name: 'container-start', selector: { states: ['creating'], deleting: false }, delay: { from: 'initialized', length: 'containerCreating' }, next: 'start' },
  { name: 'pod-ready', selector: { states: ['running'], deleting: false, ready: false }, delay: { from: 'startedAt', length: 'readiness' }, next: 'ready' },
  // Ready follows the readiness gates' conditions once the containers are ready.
  { name: 'pod-readiness-gates', selector: { states: ['running'], deleting: false, ready: true, gatesMoved: true }, delay: { from: 'now', length: 'none' }, next: 'ready' },
  { name: 'container-exit', selector: { states: ['running'], deleting: false, exits: true }, delay: { from: 'startedAt', length: 'run' }, next: 'exit' },
  { name: 'container-restart', selector: { states: ['restarting'], deleting: false }, delay: { from: 'finishedAt', length: 'backOff' }, next: 'restart' },
];
