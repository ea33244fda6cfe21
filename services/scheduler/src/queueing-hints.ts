import type { KubeObject } from '@kronicle/contracts';
import type { ObjectChange } from '@kronicle/projection';
import { podClaimNames, type Pod } from '@kronicle/storage';

/**
 * Which changes of other objects, or of a parked pod itself, are worth trying parked pods again for:
 * a coarse form of upstream's queueing hints, which move an unschedulable pod back to the active queue
 * only on the events its rejecting plugins registered.
 */

interface PodPlacementSpec {
  affinity?: { podAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: unknown[] }; podAntiAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: unknown[] } };
  topologySpreadConstraints?: { whenUnsatisfiable?: string }[];
}

/**
 * What, besides room and nodes, can make a parked pod schedulable, as upstream's queue moves pods on
 * the events of the plugins that rejected them (coarsely, by what the pod asks for): `pods` for
 * required pod (anti-)affinity or a DoNotSchedule spread (InterPodAffinity's and PodTopologySpread's
 * AssignedPodAdd/Update), `volumes` for claims (VolumeBinding's PVC, PV and StorageClass events).
 */
export function waitsFor(pod: KubeObject): string[] {
  const spec = (pod.spec ?? {}) as PodPlacementSpec;
  const onPods =
    Boolean(spec.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length) ||
    Boolean(spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length) ||
    (spec.topologySpreadConstraints ?? []).some((c) => c.whenUnsatisfiable !== 'ScheduleAnyway');
  const onVolumes = podClaimNames(pod as Pod).length > 0;
  return [...(onPods ? ['pods'] : []), ...(onVolumes ? ['volumes'] : [])];
}

/**
 * Whether a node's update can change where pods fit (upstream's nodeSchedulingPropertiesChange):
 * unschedulable, allocatable, labels, annotations, taints or a condition's status. A kubelet's
 * periodic status report moves only heartbeat times, and asks parked pods nothing.
 */
export function schedulingPropertiesChanged(before: KubeObject, after: KubeObject): boolean {
  const properties = (node: KubeObject) => {
    const spec = (node.spec ?? {}) as { unschedulable?: boolean; taints?: unknown[] };
    const status = (node.status ?? {}) as { allocatable?: unknown; conditions?: { type: string; status: string }[] };
    return JSON.stringify([
      Boolean(spec.unschedulable),
      spec.taints ?? [],
      status.allocatable,
      node.metadata.labels,
      node.metadata.annotations,
      (status.conditions ?? []).map((c) => [c.type, c.status]),
    ]);
  };
  return properties(before) !== properties(after);
}

/** A pod changed by its users rather than by a status write (the scheduler's own parking writes only status). */
export function changedItself(change: ObjectChange): boolean {
  const before = change.previous;
  return before !== undefined && (!sameLabels(before.metadata.labels, change.object.metadata.labels) || JSON.stringify(before.spec) !== JSON.stringify(change.object.spec));
}

/** A bound pod that has just been placed, or whose labels changed. */
export function placedOrRelabelled(change: ObjectChange): boolean {
  if (!specOf(change.object).nodeName) return false;
  const before = change.previous;
  return !before || !specOf(before).nodeName || !sameLabels(before.metadata.labels, change.object.metadata.labels);
}

function sameLabels(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const ak = Object.keys(a ?? {});
  return ak.length === Object.keys(b ?? {}).length && ak.every((k) => a![k] === b?.[k]);
}

const specOf = (pod: KubeObject) => (pod.spec ?? {}) as { nodeName?: string };
