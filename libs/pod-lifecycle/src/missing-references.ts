import type { ContainerSpec, PodSpec } from './pod-status';

/** The ConfigMaps and Secrets of the pod's namespace as the kubelet's managers find them: undefined when there is none of that name. */
export interface ReferenceLookup {
  configMap(name: string): { data?: Record<string, string>; binaryData?: Record<string, string> } | undefined;
  secret(name: string): { data?: Record<string, string> } | undefined;
}

const has = (map: Record<string, string> | undefined, key: string) => map !== undefined && Object.hasOwn(map, key);

interface KeyToPath {
  key: string;
}
interface ConfigMapSource {
  name?: string;
  items?: KeyToPath[];
  optional?: boolean;
}
interface SecretSource {
  secretName?: string;
  items?: KeyToPath[];
  optional?: boolean;
}
/** A projected volume's configMap or secret source: both name their object `name`. */
type ProjectedSource = ConfigMapSource;
interface Volume {
  name: string;
  configMap?: ConfigMapSource;
  secret?: SecretSource;
  projected?: { sources?: { configMap?: ProjectedSource; secret?: ProjectedSource }[] };
}
interface KeyRef {
  name?: string;
  key: string;
  optional?: boolean;
}
interface EnvContainer {
  env?: { valueFrom?: { configMapKeyRef?: KeyRef; secretKeyRef?: KeyRef } }[];
  envFrom?: { configMapRef?: { name?: string; optional?: boolean }; secretRef?: { name?: string; optional?: boolean } }[];
}

/** Upstream's NotFound errors of the kubelet's ConfigMap and Secret managers. */
const configMapNotFound = (name: string) => `configmap "${name}" not found`;
const secretNotFound = (name: string) => `secret "${name}" not found`;

/** A configMap or secret volume's SetUp (upstream pkg/volume/configmap, secret): the object, then each item's key. */
function sourceError(kind: 'configmap' | 'secret', name: string, items: KeyToPath[] | undefined, optional: boolean | undefined, lookup: ReferenceLookup): string | undefined {
  const found = kind === 'configmap' ? lookup.configMap(name) : lookup.secret(name);
  // An optional source that is missing mounts empty; its items still must exist when it is there.
  if (!found) return optional ? undefined : kind === 'configmap' ? configMapNotFound(name) : secretNotFound(name);
  // A ConfigMap volume has its binary data too (upstream's MakePayload).
  const missing = items?.find((item) => !has(found.data, item.key) && !has((found as { binaryData?: Record<string, string> }).binaryData, item.key));
  if (!missing || optional) return undefined;
  return kind === 'configmap' ? `configmap references non-existent config key: ${missing.key}` : `references non-existent secret key: ${missing.key}`;
}

/** A projected volume's errors joined as Go's utilerrors.Aggregate prints them: one alone, several in brackets. */
function aggregate(errors: string[]): string | undefined {
  if (errors.length <= 1) return errors[0];
  return `[${errors.join(', ')}]`;
}

/**
 * The pod's volumes the kubelet cannot set up for want of a ConfigMap, a Secret or one of their keys
 * (not optional), with upstream's message after `MountVolume.SetUp failed for volume "<name>" : `.
 * While any is left, the pod's sandbox is not created: it stays ContainerCreating, without an IP.
 */
export function unmountableVolumes(spec: PodSpec, lookup: ReferenceLookup): { volume: string; message: string }[] {
  const failures: { volume: string; message: string }[] = [];
  for (const volume of ((spec as { volumes?: Volume[] }).volumes ?? [])) {
    let message: string | undefined;
    if (volume.configMap) message = sourceError('configmap', volume.configMap.name ?? '', volume.configMap.items, volume.configMap.optional, lookup);
    else if (volume.secret) message = sourceError('secret', volume.secret.secretName ?? '', volume.secret.items, volume.secret.optional, lookup);
    else if (volume.projected) {
      const errors: string[] = [];
      for (const source of volume.projected.sources ?? []) {
        const error = source.configMap
          ? sourceError('configmap', source.configMap.name ?? '', source.configMap.items, source.configMap.optional, lookup)
          : source.secret
            ? sourceError('secret', source.secret.name ?? '', source.secret.items, source.secret.optional, lookup)
            : undefined;
        if (error) errors.push(error);
      }
      message = aggregate(errors);
    }
    if (message) failures.push({ volume: volume.name, message });
  }
  return failures;
}

/**
 * Why the kubelet cannot make the container's configuration (upstream's makeEnvironmentVariables:
 * `envFrom` first, then `env`, the first failure wins), as its CreateContainerConfigError says it;
 * undefined when everything it refers to is there (or optional).
 */
export function containerConfigError(container: ContainerSpec, namespace: string, lookup: ReferenceLookup): string | undefined {
  const { env, envFrom } = container as ContainerSpec & EnvContainer;
  for (const source of envFrom ?? []) {
    if (source.configMapRef && !source.configMapRef.optional && !lookup.configMap(source.configMapRef.name ?? '')) return configMapNotFound(source.configMapRef.name ?? '');
    if (source.secretRef && !source.secretRef.optional && !lookup.secret(source.secretRef.name ?? '')) return secretNotFound(source.secretRef.name ?? '');
  }
  for (const variable of env ?? []) {
    const configMapRef = variable.valueFrom?.configMapKeyRef;
    const secretRef = variable.valueFrom?.secretKeyRef;
    const ref = configMapRef ?? secretRef;
    if (!ref || ref.optional) continue;
    const name = ref.name ?? '';
    const found = configMapRef ? lookup.configMap(name) : lookup.secret(name);
    if (!found) return configMapRef ? configMapNotFound(name) : secretNotFound(name);
    // An environment variable is read from a ConfigMap's data only, not its binary data.
    if (!has(found.data, ref.key)) return `couldn't find key ${ref.key} in ${configMapRef ? 'ConfigMap' : 'Secret'} ${namespace}/${name}`;
  }
  return undefined;
}
