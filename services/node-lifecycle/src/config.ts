import { intFromEnv } from '@kronicle/service-kit';

/** A node silent for longer than this becomes Unknown (upstream's node-monitor-grace-period, 40 s). */
export function gracePeriodMsFromEnv(env: NodeJS.ProcessEnv): number {
  return intFromEnv(env, 'KRONICLE_NODE_GRACE_MS', 40_000);
}

/** How often pods are looked over for those bound to a node that does not exist (upstream podgc's gcCheckPeriod, 20 s). */
export function podGcPeriodMsFromEnv(env: NodeJS.ProcessEnv): number {
  return intFromEnv(env, 'KRONICLE_POD_GC_PERIOD_MS', 20_000);
}

/** Pods bound to a node that does not exist go after this long (upstream podgc's quarantine, 40 s). */
export function orphanQuarantineMsFromEnv(env: NodeJS.ProcessEnv): number {
  return intFromEnv(env, 'KRONICLE_POD_GC_QUARANTINE_MS', 40_000);
}
