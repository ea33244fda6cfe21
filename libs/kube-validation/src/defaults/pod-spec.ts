import type { Json } from '../validation/common';
import { canonicalField, canonicalResourceList } from './quantities';

/**
 * Upstream `SetDefaults_PodSpec`, `SetDefaults_Container` and the nested defaults that
 * zz_generated.defaults.go applies to every PodSpec (Pods and templates alike). Mutates a clone.
 */
export function defaultPodSpec(spec: Json): void {
  spec.dnsPolicy ||= 'ClusterFirst';
  spec.restartPolicy ||= 'Always';
  spec.securityContext ??= {};
  spec.terminationGracePeriodSeconds ??= 30;
  spec.schedulerName ||= 'default-scheduler';
  for (const volume of spec.volumes ?? []) defaultVolume(volume);
  for (const list of [spec.containers, spec.initContainers, spec.ephemeralContainers]) for (const c of list ?? []) defaultContainer(c);
}

/** Upstream `SetDefaults_Pod`: what only Pods get, not templates. */
export function defaultPod(pod: Json): void {
  const spec = (pod.spec ??= {});
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    // Requests default to limits, so the scheduler sees what the container may use.
    if (!c.resources?.limits) continue;
    c.resources.requests ??= {};
    for (const [name, value] of Object.entries(c.resources.limits)) c.resources.requests[name] ??= value;
  }
  spec.enableServiceLinks ??= true;
  // With host networking, container ports are host ports.
  if (spec.hostNetwork)
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) for (const port of c.ports ?? []) port.hostPort ||= port.containerPort;
  defaultPodSpec(spec);
}

export function defaultPodTemplate(template: Json): void {
  if (!template) return;
  defaultEmbeddedMetadata(template);
  defaultPodSpec((template.spec ??= {}));
}

/**
 * The metadata of an object embedded in another (a pod template, a Job template, a claim template):
 * a non-pointer ObjectMeta upstream, whose creationTimestamp is a Time without omitempty, so the
 * apiserver always prints `metadata: {creationTimestamp: null}` there.
 */
export function defaultEmbeddedMetadata(embedded: Json): void {
  const metadata = (embedded.metadata ??= {});
  if (metadata.creationTimestamp === undefined) metadata.creationTimestamp = null;
}

function defaultContainer(c: Json): void {
  c.imagePullPolicy ||= imageTag(String(c.image ?? '')) === 'latest' ? 'Always' : 'IfNotPresent';
  c.terminationMessagePath ||= '/dev/termination-log';
  c.terminationMessagePolicy ||= 'File';
  // A struct upstream, so it is always present in what the apiserver returns.
  c.resources ??= {};
  canonicalResourceList(c.resources.limits);
  canonicalResourceList(c.resources.requests);
  for (const port of c.ports ?? []) port.protocol ||= 'TCP';
  for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe]) if (probe) defaultProbe(probe);
  for (const env of c.env ?? []) if (env.valueFrom?.fieldRef) env.valueFrom.fieldRef.apiVersion ||= 'v1';
}

/** Upstream's `ParseImageName`: no tag and no digest means `latest`; a digest alone means no tag. */
function imageTag(image: string): string {
  const [name, digest] = image.split('@');
  const lastSegment = name.slice(name.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  if (colon >= 0) return lastSegment.slice(colon + 1);
  return digest ? '' : 'latest';
}

function defaultProbe(probe: Json): void {
  probe.timeoutSeconds ||= 1;
  probe.periodSeconds ||= 10;
  probe.successThreshold ||= 1;
  probe.failureThreshold ||= 3;
  if (probe.httpGet) {
    probe.httpGet.path ||= '/';
    probe.httpGet.scheme ||= 'HTTP';
  }
}

const DEFAULT_MODE = 0o644;

function defaultVolume(volume: Json): void {
  const hasSource = Object.keys(volume).some((k) => k !== 'name' && volume[k] !== undefined && volume[k] !== null);
  if (!hasSource) volume.emptyDir = {};
  if (volume.hostPath) volume.hostPath.type ??= '';
  for (const source of ['secret', 'configMap', 'downwardAPI', 'projected']) if (volume[source]) volume[source].defaultMode ??= DEFAULT_MODE;
  for (const item of volume.downwardAPI?.items ?? []) if (item.fieldRef) item.fieldRef.apiVersion ||= 'v1';
  for (const source of volume.projected?.sources ?? []) {
    if (source.serviceAccountToken) source.serviceAccountToken.expirationSeconds ??= 3600;
    for (const item of source.downwardAPI?.items ?? []) if (item.fieldRef) item.fieldRef.apiVersion ||= 'v1';
  }
  canonicalField(volume.emptyDir, 'sizeLimit');
}
