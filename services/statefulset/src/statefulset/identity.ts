import type { KubeObject } from '@kronicle/contracts';
import { CONTROLLER_REVISION_HASH, podFromTemplate, type ControllerRevision, type Pod, type PodTemplate } from '@kronicle/pod-control';
import { POD_INDEX_LABEL, POD_NAME_LABEL, type StatefulSet } from './objects';

/** Upstream `getStartOrdinal`: `spec.ordinals.start`, 0 by default. */
export function startOrdinal(set: StatefulSet): number {
  return set.spec.ordinals?.start ?? 0;
}

/** Upstream `getOrdinal`: the number after the set's name and a dash, or -1 for a pod not named so. */
export function ordinalOf(set: StatefulSet, pod: Pod): number {
  const match = /^(.*)-(0|[1-9]\d*)$/.exec(pod.metadata.name ?? '');
  return match && match[1] === set.metadata.name ? Number(match[2]) : -1;
}

/** Upstream `getPersistentVolumeClaimName`: `<template>-<set>-<ordinal>`. */
export function claimName(set: StatefulSet, template: string, ordinal: number): string {
  return `${template}-${set.metadata.name}-${ordinal}`;
}

/** The template a revision holds (upstream `ApplyRevision`), the current one if none. */
export function templateOf(set: StatefulSet, revision: ControllerRevision | undefined): PodTemplate {
  const stored = (revision?.data as { spec?: { template?: PodTemplate & { $patch?: string } } } | undefined)?.spec?.template;
  if (!stored) return set.spec.template;
  const { $patch: _replace, ...template } = stored;
  return template;
}

/**
 * Upstream `newStatefulSetPod` + `setPodRevision`: the pod of an ordinal — named `<set>-<ordinal>`,
 * its identity (the pod-name and pod-index labels, hostname, the governing Service as subdomain),
 * each claim template's claim as the volume of that name, labelled with its revision.
 */
export function newStatefulSetPod(set: StatefulSet, template: PodTemplate, revisionName: string, ordinal: number): Pod {
  const name = `${set.metadata.name}-${ordinal}`;
  const spec = template.spec ?? {};
  const claims = (set.spec.volumeClaimTemplates ?? []).map((t) => ({ name: t.metadata?.name ?? '', persistentVolumeClaim: { claimName: claimName(set, t.metadata?.name ?? '', ordinal) } }));
  const volumes = [...((spec.volumes as { name: string }[] | undefined) ?? []).filter((v) => !claims.some((c) => c.name === v.name)), ...claims];
  const labels = { ...template.metadata?.labels, [POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ordinal), [CONTROLLER_REVISION_HASH]: revisionName };
  const versioned = { metadata: { ...template.metadata, labels }, spec: { ...spec, hostname: name, ...(set.spec.serviceName ? { subdomain: set.spec.serviceName } : {}), ...(volumes.length ? { volumes } : {}) } };
  return podFromTemplate(set, versioned, name, `${set.metadata.name}-`);
}

/**
 * Upstream `getPersistentVolumeClaims`: each claim template's claim for an ordinal, labelled with the
 * set's selector; owned by the set (so deleted with it) under `whenDeleted: Delete`, else left behind
 * as `Retain`, the default, says.
 */
export function claimsFor(set: StatefulSet, ordinal: number): KubeObject[] {
  const { apiVersion, kind, metadata } = set;
  const owner = set.spec.persistentVolumeClaimRetentionPolicy?.whenDeleted === 'Delete' ? { ownerReferences: [{ apiVersion, kind, name: metadata.name ?? '', uid: metadata.uid ?? '' }] } : {};
  return (set.spec.volumeClaimTemplates ?? []).map((t) => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { ...t.metadata, name: claimName(set, t.metadata?.name ?? '', ordinal), namespace: set.metadata.namespace, labels: { ...t.metadata?.labels, ...set.spec.selector.matchLabels }, ...owner },
    spec: t.spec ?? {},
  }));
}
