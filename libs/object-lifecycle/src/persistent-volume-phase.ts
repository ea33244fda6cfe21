import { rfc3339 } from '@kronicle/contracts';

export interface PersistentVolumeStatus {
  phase?: string;
  lastPhaseTransitionTime?: string | null;
}

/** Two metav1.Time values, as `(*Time).Equal` compares them: both unset, or the same instant. */
function sameTime(a: string | null | undefined, b: string | null | undefined): boolean {
  if (a == null || b == null) return a == null && b == null;
  return Date.parse(a) === Date.parse(b);
}

/**
 * Upstream's PersistentVolume status strategy (PersistentVolumeLastPhaseTransitionTime, GA in 1.31): a status
 * write that keeps the phase keeps the stored lastPhaseTransitionTime unless it sets one; one that changes the
 * phase stamps it now, unless the writer set a time of its own. A writer that copies the stored status and only
 * changes the phase (Available → Bound) thus gets the new time. E.g. stored Available since 10:00, written Bound
 * at 10:05 with the 10:00 time copied: Bound since 10:05.
 */
export function withPhaseTransitionTime<T extends PersistentVolumeStatus>(old: PersistentVolumeStatus | undefined, next: T | undefined, now: Date): T {
  const written = (next ?? {}) as T;
  const before = old ?? {};
  if (written.phase === before.phase) {
    return written.lastPhaseTransitionTime == null && before.lastPhaseTransitionTime != null ? { ...written, lastPhaseTransitionTime: before.lastPhaseTransitionTime } : written;
  }
  if (written.lastPhaseTransitionTime == null || sameTime(written.lastPhaseTransitionTime, before.lastPhaseTransitionTime)) return { ...written, lastPhaseTransitionTime: rfc3339(now) };
  return written;
}
