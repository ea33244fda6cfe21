import { type FieldCause, child, duplicate, forbidden, index, invalid, notFound, notSupported, required } from '../field-error';
import { GoText, goQuote } from '../go-value';
import { type Json, dns1123Label, dns1123Subdomain, oneOf, qualifiedName } from './common';
import { validateAnnotations, validateLabels } from './labels';
import { MAX_INT32, inclusiveRangeError, isValidLabelValue, isValidPortName, isValidPortNum } from './names';
import { validateResourceRequirements } from './resources';

const protocols = ['SCTP', 'TCP', 'UDP'];

/** Upstream `ValidatePodTemplateSpec`: note the template's labels are reported at `<path>.labels`. */
export function validatePodTemplateSpec(template: Json, path: string): FieldCause[] {
  const t = template ?? {};
  const causes = [
    ...validateLabels(t.metadata?.labels, child(path, 'labels')),
    ...validateAnnotations(t.metadata?.annotations, child(path, 'annotations')),
    ...validatePodSpec(t.spec ?? {}, child(path, 'spec')),
  ];
  if ((t.spec?.ephemeralContainers ?? []).length > 0)
    causes.push(forbidden(child(path, 'spec', 'ephemeralContainers'), 'ephemeral containers not allowed in pod template'));
  return causes;
}

/** Upstream `ValidatePodSpec`, the rules users meet (see README for what is left out). */
export function validatePodSpec(spec: Json, path: string): FieldCause[] {
  const { causes: volumeCauses, names: volumes } = validateVolumes(spec.volumes, child(path, 'volumes'));
  const causes = [...volumeCauses, ...validateContainers(spec.containers, volumes, child(path, 'containers'))];
  const containerNames = new Set<string>(((spec.containers ?? []) as Json[]).map((c) => c.name));
  ((spec.initContainers ?? []) as Json[]).forEach((c, i) => {
    const p = index(child(path, 'initContainers'), i);
    causes.push(...validateContainer(c, volumes, p));
    if (containerNames.has(c.name)) causes.push(duplicate(child(p, 'name'), c.name));
    containerNames.add(c.name);
  });
  causes.push(...validateEphemeralContainers(spec.ephemeralContainers, new Set(containerNames), volumes, child(path, 'ephemeralContainers')));
  causes.push(...oneOf(spec.restartPolicy, ['Always', 'OnFailure', 'Never'], child(path, 'restartPolicy')));
  causes.push(...oneOf(spec.dnsPolicy, ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'], child(path, 'dnsPolicy')));
  causes.push(...validateLabels(spec.nodeSelector, child(path, 'nodeSelector')));
  if (spec.serviceAccountName) causes.push(...dns1123Subdomain(spec.serviceAccountName, child(path, 'serviceAccountName')));
  if (spec.nodeName) causes.push(...dns1123Subdomain(spec.nodeName, child(path, 'nodeName')));
  const deadline = spec.activeDeadlineSeconds;
  if (typeof deadline === 'number' && (deadline < 1 || deadline > MAX_INT32))
    causes.push(invalid(child(path, 'activeDeadlineSeconds'), deadline, inclusiveRangeError(1, MAX_INT32)));
  if (spec.hostname) causes.push(...dns1123Label(spec.hostname, child(path, 'hostname')));
  if (spec.subdomain) causes.push(...dns1123Label(spec.subdomain, child(path, 'subdomain')));
  causes.push(...validateTolerations(spec.tolerations, child(path, 'tolerations')));
  causes.push(...validateSchedulingGates(spec.schedulingGates, child(path, 'schedulingGates')));
  if (spec.priorityClassName) causes.push(...dns1123Subdomain(spec.priorityClassName, child(path, 'priorityClassName')));
  if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== null && !['Never', 'PreemptLowerPriority'].includes(spec.preemptionPolicy))
    causes.push(notSupported(child(path, 'preemptionPolicy'), spec.preemptionPolicy, ['Never', 'PreemptLowerPriority']));
  return causes;
}

/** Upstream `validateSchedulingGates`: qualified names, none twice. */
function validateSchedulingGates(gates: Json[] | undefined, path: string): FieldCause[] {
  const seen = new Set<string>();
  return (gates ?? []).flatMap((gate, i) => {
    const p = index(path, i);
    const causes = qualifiedName(gate.name, p);
    if (seen.has(gate.name)) causes.push(duplicate(p, gate.name));
    seen.add(gate.name);
    return causes;
  });
}

/** What upstream's allow list keeps out of an ephemeral container: nothing the pod's own work relies on. */
const NOT_FOR_EPHEMERAL = ['ports', 'resources', 'resizePolicy', 'lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe', 'restartPolicy'];

/** Go's `IsZero` of a decoded field: absent, empty text, false, 0, or a struct without fields (`resources: {}` as kubectl debug sends it). */
const isGoZero = (value: unknown) =>
  value == null || value === '' || value === false || value === 0 || (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0);

/**
 * Upstream `validateEphemeralContainers`: each a valid container named apart from every other, its
 * target one of the pod's containers, and without ports, resources, probes, lifecycle or subPath mounts.
 */
function validateEphemeralContainers(ephemeral: Json[] | undefined, others: Set<string>, volumes: Set<string>, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  const names = new Set(others);
  (ephemeral ?? []).forEach((c, i) => {
    const p = index(path, i);
    causes.push(...validateContainer(c, volumes, p));
    if (names.has(c.name)) causes.push(duplicate(child(p, 'name'), c.name));
    else names.add(c.name);
    if (c.targetContainerName && !others.has(c.targetContainerName)) causes.push(notFound(child(p, 'targetContainerName'), c.targetContainerName));
    for (const field of NOT_FOR_EPHEMERAL) if (!isGoZero(c[field])) causes.push(forbidden(child(p, field), 'cannot be set for an Ephemeral Container'));
    ((c.volumeMounts ?? []) as Json[]).forEach((m, j) => {
      for (const field of ['subPath', 'subPathExpr']) if (m[field]) causes.push(forbidden(child(index(child(p, 'volumeMounts'), j), field), 'cannot be set for an Ephemeral Container'));
    });
  });
  return causes;
}

// Pod volume sources, in the order upstream checks them.
const volumeSources = [
  'hostPath', 'emptyDir', 'gitRepo', 'gcePersistentDisk', 'awsElasticBlockStore', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'quobyte', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile',
  'configMap', 'vsphereVolume', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO', 'storageos',
  'csi', 'ephemeral', 'image',
];

/** Upstream `ValidateVolumes`: returns the names that volumeMounts may refer to. */
function validateVolumes(volumes: Json[] | undefined, path: string): { causes: FieldCause[]; names: Set<string> } {
  const causes: FieldCause[] = [];
  const names = new Set<string>();
  (volumes ?? []).forEach((volume, i) => {
    const p = index(path, i);
    const errs = validateVolumeSource(volume, p);
    if (!volume.name) errs.push(required(child(p, 'name')));
    else errs.push(...dns1123Label(volume.name, child(p, 'name')));
    if (names.has(volume.name)) errs.push(duplicate(child(p, 'name'), volume.name));
    if (errs.length === 0) names.add(volume.name);
    causes.push(...errs);
  });
  return { causes, names };
}

export function validateVolumeSource(volume: Json, path: string, sources = volumeSources): FieldCause[] {
  const causes: FieldCause[] = [];
  let count = 0;
  for (const source of sources) {
    if (volume[source] === undefined || volume[source] === null) continue;
    if (count++ > 0) {
      causes.push(forbidden(child(path, source), 'may not specify more than 1 volume type'));
      continue;
    }
    causes.push(...validateSourceFields(source, volume[source], child(path, source)));
  }
  if (count === 0) causes.push(required(path, 'must specify a volume type'));
  return causes;
}

const requiredField: Record<string, string> = {
  hostPath: 'path',
  secret: 'secretName',
  configMap: 'name',
  persistentVolumeClaim: 'claimName',
  nfs: 'server',
  csi: 'driver',
};

function validateSourceFields(source: string, value: Json, path: string): FieldCause[] {
  const field = requiredField[source];
  if (!field || value[field]) return [];
  return [required(child(path, field))];
}

function validateContainers(containers: Json[] | undefined, volumes: Set<string>, path: string): FieldCause[] {
  if (!containers || containers.length === 0) return [required(path)];
  const causes: FieldCause[] = [];
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const p = index(path, i);
    causes.push(...validateContainer(c, volumes, p));
    if (names.has(c.name)) causes.push(duplicate(child(p, 'name'), c.name));
    else names.add(c.name);
    if (c.restartPolicy !== undefined && c.restartPolicy !== null)
      causes.push(forbidden(child(p, 'restartPolicy'), 'may not be set for non-init containers'));
  });
  return causes;
}

/** Upstream `validateContainerCommon`. */
function validateContainer(c: Json, volumes: Set<string>, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  if (!c.name) causes.push(required(child(path, 'name')));
  else causes.push(...dns1123Label(c.name, child(path, 'name')));
  if (!c.image) causes.push(required(child(path, 'image')));
  causes.push(...oneOf(c.terminationMessagePolicy, ['File', 'FallbackToLogsOnError'], child(path, 'terminationMessagePolicy')));
  causes.push(...validateContainerPorts(c.ports, child(path, 'ports')));
  causes.push(...validateEnv(c.env, child(path, 'env')));
  causes.push(...validateVolumeMounts(c.volumeMounts, volumes, child(path, 'volumeMounts')));
  causes.push(...oneOf(c.imagePullPolicy, ['Always', 'IfNotPresent', 'Never'], child(path, 'imagePullPolicy')));
  causes.push(...validateResourceRequirements(c.resources, child(path, 'resources')));
  return causes;
}

function validateContainerPorts(ports: Json[] | undefined, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  const names = new Set<string>();
  (ports ?? []).forEach((port, i) => {
    const p = index(path, i);
    if (port.name) {
      const msgs = isValidPortName(port.name);
      if (msgs.length) causes.push(...msgs.map((m) => invalid(child(p, 'name'), port.name, m)));
      else if (names.has(port.name)) causes.push(duplicate(child(p, 'name'), port.name));
      else names.add(port.name);
    }
    if (!port.containerPort) causes.push(required(child(p, 'containerPort')));
    else causes.push(...isValidPortNum(port.containerPort).map((m) => invalid(child(p, 'containerPort'), port.containerPort, m)));
    if (port.hostPort) causes.push(...isValidPortNum(port.hostPort).map((m) => invalid(child(p, 'hostPort'), port.hostPort, m)));
    if (!port.protocol) causes.push(required(child(p, 'protocol')));
    else if (!protocols.includes(port.protocol)) causes.push(notSupported(child(p, 'protocol'), port.protocol, protocols));
  });
  return causes;
}

// Upstream's relaxed env var name rule (RelaxedEnvironmentVariableValidation is on in 1.32).
function validateEnv(env: Json[] | undefined, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  (env ?? []).forEach((e, i) => {
    const p = index(path, i);
    if (!e.name) causes.push(required(child(p, 'name')));
    else if (!/^[ -<>-~]+$/.test(e.name))
      causes.push(invalid(child(p, 'name'), e.name, 'a valid environment variable name must consist only of printable ASCII characters other than \'=\''));
  });
  return causes;
}

function validateVolumeMounts(mounts: Json[] | undefined, volumes: Set<string>, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  const mountPoints = new Set<string>();
  (mounts ?? []).forEach((m, i) => {
    const p = index(path, i);
    if (!m.name) causes.push(required(child(p, 'name')));
    if (!volumes.has(m.name)) causes.push(notFound(child(p, 'name'), m.name ?? ''));
    if (!m.mountPath) causes.push(required(child(p, 'mountPath')));
    if (mountPoints.has(m.mountPath)) causes.push(invalid(child(p, 'mountPath'), m.mountPath, 'must be unique'));
    mountPoints.add(m.mountPath);
  });
  return causes;
}

/** `%#v` of a `core.Toleration`. */
export function goToleration(t: Json): GoText {
  const seconds = typeof t.tolerationSeconds === 'number' ? `(*int64)(${t.tolerationSeconds})` : '(*int64)(nil)';
  const q = (v: unknown) => goQuote(String(v ?? ''));
  return new GoText(`core.Toleration{Key:${q(t.key)}, Operator:${q(t.operator)}, Value:${q(t.value)}, Effect:${q(t.effect)}, TolerationSeconds:${seconds}}`);
}

export function validateTolerations(tolerations: Json[] | undefined, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  (tolerations ?? []).forEach((t, i) => {
    const p = index(path, i);
    if (t.key) causes.push(...qualifiedName(t.key, child(p, 'key')));
    if (!t.key && t.operator !== 'Exists')
      causes.push(invalid(child(p, 'operator'), t.operator ?? '', 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    if (typeof t.tolerationSeconds === 'number' && t.effect !== 'NoExecute')
      causes.push(invalid(child(p, 'effect'), t.effect ?? '', "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    if (!t.operator || t.operator === 'Equal') {
      const errs = isValidLabelValue(String(t.value ?? ''));
      if (errs.length) causes.push(invalid(child(p, 'operator'), t.value, errs.join(';')));
    } else if (t.operator === 'Exists') {
      if (t.value) causes.push(invalid(child(p, 'operator'), goToleration(t), "value must be empty when `operator` is 'Exists'"));
    } else {
      causes.push(notSupported(child(p, 'operator'), t.operator, ['Equal', 'Exists']));
    }
    if (t.effect && !['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(t.effect))
      causes.push(notSupported(child(p, 'effect'), t.effect, ['NoSchedule', 'PreferNoSchedule', 'NoExecute']));
  });
  return causes;
}
