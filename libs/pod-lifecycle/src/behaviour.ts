import type { KubeObject } from '@kronicle/contracts';

/**
 * What a simulated pod's containers do, read from the pod. Documented annotations override the
 * profile's defaults (all durations in seconds):
 *
 * - `kronicle.dev/run-seconds`: containers exit after running this long (default: forever; Job pods 2).
 * - `kronicle.dev/exit-code`: the code they exit with (default 0).
 * - `kronicle.dev/init-exit-code`: the code init containers exit with (default 0): not 0 fails the pod
 *   under restartPolicy Never, else restarts them with CrashLoopBackOff's back-off.
 * - `kronicle.dev/crash`: "true" makes containers exit with code 1 after `run-seconds` (default 1).
 * - `kronicle.dev/liveness-fail-seconds`: the liveness probe kills the container after this long (exit 137).
 * - `kronicle.dev/readiness-delay-seconds`: Ready this long after start (default: the first readiness
 *   probe's initialDelaySeconds, else 0).
 * - `kronicle.dev/stop-seconds`: how long containers take to stop on SIGTERM (bounded by the grace period; default 0).
 * - `kronicle.dev/log-lines`: the container's log, lines separated by newlines.
 */
export interface Behaviour {
  /** Seconds until the containers exit on their own; undefined: they run until deleted. */
  runSeconds?: number;
  exitCode: number;
  /** What init containers (other than sidecars) exit with. */
  initExitCode: number;
  /** Exit by liveness kill rather than on their own. */
  killedByLiveness: boolean;
  readinessDelaySeconds: number;
  stopSeconds: number;
  logLines?: string[];
}

export const ANNOTATION_PREFIX = 'kronicle.dev/';

/** Profile defaults (kwok's profiles): how long a container takes to be created, in milliseconds. */
export interface Profile {
  name: string;
  containerCreatingMs: number;
  /** Job pods' containers run this long and exit 0 unless told otherwise. */
  jobRunSeconds: number;
  /** Init containers (other than sidecars) run this long and exit 0. */
  initRunSeconds: number;
  /**
   * Whether the kubelet writes the Events of routine work: every container start and stop (Pulling,
   * Pulled, Created, Started, Killing) and its node's registration, readiness and cordoning. Those
   * of failures (BackOff, a liveness kill) it always writes.
   */
  routineEvents: boolean;
  /**
   * Whether the kubelet reports a deleted pod's end before the pod goes: its containers terminated and
   * phase Succeeded or Failed, as upstream's kubelet has since 1.27. kwok's fast stages delete at once.
   */
  terminalStatus: boolean;
}

export const profiles: Record<string, Profile> = {
  /** Straight to Running, no events of routine starts and stops, deleted pods go at once: for benchmarks (kwok's `fast`). */
  fast: { name: 'fast', containerCreatingMs: 0, jobRunSeconds: 2, initRunSeconds: 0, routineEvents: false, terminalStatus: false },
  /** ContainerCreating for a moment first, the kubelet's events, and a deleted pod's last status, as a real node shows them. */
  general: { name: 'general', containerCreatingMs: 1000, jobRunSeconds: 2, initRunSeconds: 1, routineEvents: true, terminalStatus: true },
};

// Full annotation names, built once: a key concatenated per lookup is a new string to flatten and hash.
const RUN_SECONDS = `${ANNOTATION_PREFIX}run-seconds`;
const EXIT_CODE = `${ANNOTATION_PREFIX}exit-code`;
const INIT_EXIT_CODE = `${ANNOTATION_PREFIX}init-exit-code`;
const CRASH = `${ANNOTATION_PREFIX}crash`;
const LIVENESS_FAIL_SECONDS = `${ANNOTATION_PREFIX}liveness-fail-seconds`;
const READINESS_DELAY_SECONDS = `${ANNOTATION_PREFIX}readiness-delay-seconds`;
const STOP_SECONDS = `${ANNOTATION_PREFIX}stop-seconds`;
const LOG_LINES = `${ANNOTATION_PREFIX}log-lines`;
const NO_ANNOTATIONS: Record<string, string> = {};

function seconds(raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

export function behaviourOf(pod: KubeObject, profile: Profile): Behaviour {
  const annotations = pod.metadata.annotations ?? NO_ANNOTATIONS;
  const isJob = pod.metadata.ownerReferences?.some((o) => o.kind === 'Job' && o.controller) ?? false;
  const crash = annotations[CRASH] === 'true';
  const liveness = seconds(annotations[LIVENESS_FAIL_SECONDS]);
  const run = seconds(annotations[RUN_SECONDS]) ?? (crash ? 1 : isJob ? profile.jobRunSeconds : undefined);
  const probeDelay = (pod.spec as { containers?: { readinessProbe?: { initialDelaySeconds?: number } }[] } | undefined)?.containers?.find((c) => c.readinessProbe)?.readinessProbe?.initialDelaySeconds;
  const killedByLiveness = liveness !== undefined && (run === undefined || liveness < run);
  const logs = annotations[LOG_LINES];
  return {
    runSeconds: killedByLiveness ? liveness : run,
    exitCode: killedByLiveness ? 137 : crash ? 1 : (seconds(annotations[EXIT_CODE]) ?? 0),
    initExitCode: seconds(annotations[INIT_EXIT_CODE]) ?? 0,
    killedByLiveness,
    readinessDelaySeconds: seconds(annotations[READINESS_DELAY_SECONDS]) ?? probeDelay ?? 0,
    stopSeconds: seconds(annotations[STOP_SECONDS]) ?? 0,
    ...(logs !== undefined ? { logLines: logs.split('\n') } : {}),
  };
}
