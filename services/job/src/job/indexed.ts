import type { JobPod } from './job-pods';
import type { Job } from './objects';

/** Upstream `batch.JobCompletionIndexAnnotation` (also a label since PodIndexLabel). */
export const COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';

export function isIndexed(job: Job): boolean {
  return job.spec.completionMode === 'Indexed';
}

/** The pod's completion index, if it has a valid one below `completions`. */
export function completionIndex(pod: JobPod, completions: number): number | undefined {
  const text = pod.metadata.annotations?.[COMPLETION_INDEX];
  if (text === undefined || !/^(0|[1-9]\d*)$/.test(text)) return undefined;
  const index = Number(text);
  return index < completions ? index : undefined;
}

/** Upstream's `completedIndexes` text, e.g. "1,3-5,7": ranges of consecutive indexes, ascending. */
export function formatIndexes(indexes: Iterable<number>): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    let end = i;
    while (end + 1 < sorted.length && sorted[end + 1] === sorted[end] + 1) end++;
    parts.push(end === i ? `${sorted[i]}` : `${sorted[i]}-${sorted[end]}`);
    i = end;
  }
  return parts.join(',');
}

/** The indexes of a `completedIndexes` text below `completions` (upstream `parseIndexesFromString`, lenient as it is). */
export function parseIndexes(text: string | undefined, completions: number): Set<number> {
  const indexes = new Set<number>();
  for (const part of (text ?? '').split(',')) {
    if (!/^\d+(-\d+)?$/.test(part)) continue;
    const [first, last = first] = part.split('-').map(Number);
    for (let i = first; i <= Math.min(last, completions - 1); i++) indexes.add(i);
  }
  return indexes;
}

/** Upstream `calculateSucceededIndexes`: those in the status, and those of pods that succeeded since. */
export function succeededIndexes(job: Job, pods: JobPod[], completions: number): Set<number> {
  const indexes = parseIndexes(job.status?.completedIndexes, completions);
  for (const pod of pods) {
    const index = completionIndex(pod, completions);
    if (index !== undefined && pod.status?.phase === 'Succeeded') indexes.add(index);
  }
  return indexes;
}

/** Upstream `firstPendingIndexes`: the lowest indexes neither succeeded nor running. */
export function pendingIndexes(active: JobPod[], succeeded: Set<number>, completions: number, count: number): number[] {
  const running = new Set(active.map((pod) => completionIndex(pod, completions)));
  const pending: number[] = [];
  for (let index = 0; index < completions && pending.length < count; index++) if (!succeeded.has(index) && !running.has(index)) pending.push(index);
  return pending;
}

/**
 * Upstream `appendDuplicatedIndexPodsForRemoval`: active pods without a valid index, and all but
 * one of the active pods of an index, go first. `ordered`: the active pods, those to delete first
 * first; of an index's pods the last is kept.
 */
export function surplusIndexedPods(ordered: JobPod[], completions: number): JobPod[] {
  const keptOf = new Map<number, JobPod>();
  for (const pod of ordered) {
    const index = completionIndex(pod, completions);
    if (index !== undefined) keptOf.set(index, pod);
  }
  return ordered.filter((pod) => {
    const index = completionIndex(pod, completions);
    return index === undefined || keptOf.get(index) !== pod;
  });
}

interface Container {
  name?: string;
  env?: { name: string }[];
  [key: string]: unknown;
}

/**
 * What upstream changes in an Indexed Job's pod template for index `index`: the index as annotation
 * and label, the hostname `<job>-<index>`, and `JOB_COMPLETION_INDEX` in every container's
 * environment (from the annotation, by the downward API) unless set.
 */
export function indexedTemplate(job: Job, index: number): Job['spec']['template'] {
  const { template } = job.spec;
  const spec = template.spec ?? {};
  const withIndex = (containers: unknown) =>
    (containers as Container[] | undefined)?.map((c) =>
      c.env?.some((e) => e.name === 'JOB_COMPLETION_INDEX') ? c : { ...c, env: [...(c.env ?? []), { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${COMPLETION_INDEX}']` } } }] },
    );
  return {
    ...template,
    metadata: { ...template.metadata, annotations: { ...template.metadata?.annotations, [COMPLETION_INDEX]: String(index) }, labels: { ...template.metadata?.labels, [COMPLETION_INDEX]: String(index) } },
    spec: { ...spec, hostname: `${job.metadata.name}-${index}`, containers: withIndex(spec.containers), ...(spec.initContainers ? { initContainers: withIndex(spec.initContainers) } : {}) },
  };
}
