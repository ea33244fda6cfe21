import { isPodReady } from '@kronicle/contracts';
import { controllerOf, isPodActive, type Pod, timeOf } from '@kronicle/pod-control';
import { selectorMatches, type LabelSelector } from '@kronicle/kube-validation';
import type { StoredObject } from '@kronicle/projection';

export function readyCondition(pod: Pod) {
  return pod.status?.conditions?.find((c) => c.type === 'Ready');
}

/** When the pod last became Ready, if it is. */
export function readySince(pod: Pod): number | undefined {
  return isPodReady(pod) ? timeOf(readyCondition(pod)?.lastTransitionTime) : undefined;
}

/**
 * Upstream `IsPodAvailable`: ready for more than `minReadySeconds`. E.g. minReadySeconds 5,
 * ready since 12:00:00: not available at 12:00:05, available at 12:00:05.001.
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: Date): boolean {
  return isPodReady(pod) && isAvailable(readySince(pod), minReadySeconds, now);
}

/** Whether a pod ready since `since` is available (see `isPodAvailable`). */
export function isAvailable(since: number | undefined, minReadySeconds: number, now: Date): boolean {
  if (minReadySeconds === 0) return true;
  return since !== undefined && since + minReadySeconds * 1000 < now.getTime();
}

/** Milliseconds until the next ready pod becomes available, if one is waiting for minReadySeconds. */
export function nextAvailableInMs(pods: Pod[], minReadySeconds: number, now: Date): number | undefined {
  if (minReadySeconds === 0) return undefined; // ready is available at once: nobody waits
  let next: number | undefined;
  for (const pod of pods) {
    const since = readySince(pod);
    if (since === undefined || isPodAvailable(pod, minReadySeconds, now)) continue;
    const wait = since + minReadySeconds * 1000 - now.getTime() + 1;
    next = next === undefined ? wait : Math.min(next, wait);
  }
  return next;
}

/** What a ReplicaSet's sync reads of a pod, and the answers of label selectors on it (by `numbered` id). */
export interface PodFacts {
  pod: Pod;
  active: boolean;
  controllerUid?: string;
  ready: boolean;
  readySince?: number;
  labelAnswers: Map<number, boolean>;
}

export function podFacts(pod: Pod): PodFacts {
  return { pod, active: isPodActive(pod), controllerUid: controllerOf(pod)?.uid, ready: isPodReady(pod), readySince: readySince(pod), labelAnswers: new Map() };
}

/**
 * The facts of a cached pod, worked out once per version: a sync reads every pod of its ReplicaSet,
 * and the cache replaces a pod's StoredObject when it changes, never changing one in place.
 */
const factsOfVersion = new WeakMap<StoredObject, PodFacts>();

export function cachedPodFacts(stored: StoredObject): PodFacts {
  let facts = factsOfVersion.get(stored);
  if (!facts) factsOfVersion.set(stored, (facts = podFacts(stored.object as Pod)));
  return facts;
}

/**
 * A selector with its number: selectors alike (by JSON) share one, so a pod's answer is found by a
 * number rather than by comparing the JSON again for every pod. One entry per selector ever seen.
 */
export interface NumberedSelector {
  selector: LabelSelector;
  id: number;
}

const selectorIds = new Map<string, number>();

export function numbered(selector: LabelSelector): NumberedSelector {
  const json = JSON.stringify(selector);
  let id = selectorIds.get(json);
  if (id === undefined) selectorIds.set(json, (id = selectorIds.size));
  return { selector, id };
}

/** `selectorMatches` on the pod's labels, asked once per version of the pod. */
export function labelsMatch(facts: PodFacts, { selector, id }: NumberedSelector): boolean {
  let answer = facts.labelAnswers.get(id);
  if (answer === undefined) facts.labelAnswers.set(id, (answer = selectorMatches(selector, facts.pod.metadata.labels)));
  return answer;
}
