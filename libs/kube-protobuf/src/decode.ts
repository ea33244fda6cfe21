import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeObject } from '@kronicle/contracts';
import * as protobuf from 'protobufjs';
import { goDurationString, goTimeJson } from './go-json';

/** The media type of Kubernetes' protobuf serialization (request and response bodies). */
export const KUBERNETES_PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';

/** The 4-byte prefix of every Kubernetes protobuf body: "k8s" and a zero byte. */
export const KUBERNETES_PROTOBUF_MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/** The vendored schemas (see proto/README.md); the same path from src/ (tests) and dist/ (built). */
export const PROTO_DIR = join(__dirname, '..', 'proto');

const PROTO_FILES = [
  'k8s.io/api/core/v1/generated.proto',
  'k8s.io/api/apps/v1/generated.proto',
  'k8s.io/api/batch/v1/generated.proto',
  'k8s.io/api/policy/v1/generated.proto',
  'k8s.io/api/autoscaling/v1/generated.proto',
  'k8s.io/api/storage/v1/generated.proto',
  'k8s.io/api/discovery/v1/generated.proto',
  'k8s.io/api/scheduling/v1/generated.proto',
  'k8s.io/api/coordination/v1/generated.proto',
  'k8s.io/api/events/v1/generated.proto',
  'k8s.io/api/rbac/v1/generated.proto',
  'k8s.io/api/networking/v1/generated.proto',
  'k8s.io/api/authentication/v1/generated.proto',
  'k8s.io/api/authorization/v1/generated.proto',
  'k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto',
  'k8s.io/apimachinery/pkg/runtime/generated.proto',
];

const META = 'k8s.io.apimachinery.pkg.apis.meta.v1';
const QUANTITY = '.k8s.io.apimachinery.pkg.api.resource.Quantity';
const INT_OR_STRING = '.k8s.io.apimachinery.pkg.util.intstr.IntOrString';
const TIME = `.${META}.Time`;
const MICRO_TIME = `.${META}.MicroTime`;
const DURATION = `.${META}.Duration`;
const FIELDS_V1 = `.${META}.FieldsV1`;
const RAW_EXTENSION = '.k8s.io.apimachinery.pkg.runtime.RawExtension';

/** Thrown for a body that is not a decodable Kubernetes protobuf object; `message` says why. */
export class KubeProtobufError extends Error {
  override readonly name = 'KubeProtobufError';
}

/** Whether a Content-Type header names Kubernetes' protobuf serialization (parameters and case ignored). */
export function isKubernetesProtobuf(contentType: string | undefined | null): boolean {
  if (!contentType) return false;
  return contentType.split(';')[0].trim().toLowerCase() === KUBERNETES_PROTOBUF_CONTENT_TYPE;
}

let root: protobuf.Root | undefined;
/** The vendored schemas, loaded and resolved once (about 200 kB of .proto source). */
export function kubernetesProtobufRoot(): protobuf.Root {
  if (root) return root;
  const loaded = new protobuf.Root();
  loaded.resolvePath = (_origin, target) => join(PROTO_DIR, target);
  loaded.loadSync(PROTO_FILES, { keepCase: true });
  loaded.resolveAll();
  root = loaded;
  return root;
}

/**
 * Fields without omitempty that upstream's OpenAPI does not list as `required`, because they carry `+optional`
 * (so json-required-fields.json cannot know them). Read from the Go struct tags compiled into kubectl 1.32
 * (`json:"availableReplicas" protobuf:"varint,11,opt,name=availableReplicas"`), the `+optional` ones only.
 */
const NOT_OMITTED_OPTIONAL = new Set([
  'k8s.io.api.apps.v1.StatefulSetStatus.availableReplicas',
  'k8s.io.api.apps.v1.StatefulSetOrdinals.start',
  'k8s.io.api.core.v1.AzureFilePersistentVolumeSource.secretNamespace',
  'k8s.io.api.core.v1.ContainerImage.names',
  'k8s.io.api.core.v1.Event.reportingComponent',
  'k8s.io.api.core.v1.Event.reportingInstance',
  'k8s.io.api.core.v1.GRPCAction.service',
  'k8s.io.api.core.v1.PodExecOptions.command',
  'k8s.io.api.core.v1.ProjectedVolumeSource.sources',
  'k8s.io.api.autoscaling.v1.ContainerResourceMetricStatus.container',
  'k8s.io.api.storage.v1.CSINodeDriver.topologyKeys',
  'k8s.io.api.rbac.v1.Role.rules',
  'k8s.io.api.rbac.v1.ClusterRole.rules',
]);

let requiredFields: Record<string, string[]> | undefined;

/**
 * Whether Go's encoding/json prints the field even at its zero value: its JSON tag has no omitempty (upstream
 * OpenAPI's `required`, see scripts/required-fields-from-openapi.cjs, plus NOT_OMITTED_OPTIONAL).
 */
export function printedWhenZero(field: protobuf.Field): boolean {
  const message = field.parent!.fullName.slice(1);
  if (NOT_OMITTED_OPTIONAL.has(`${message}.${field.name}`)) return true;
  requiredFields ??= JSON.parse(readFileSync(join(PROTO_DIR, 'json-required-fields.json'), 'utf8')) as Record<string, string[]>;
  return requiredFields[message]?.includes(field.name) ?? false;
}

/** The built-in API groups whose types the vendored schemas hold, by protobuf package; other groups are custom resources. */
const BUILTIN_GROUPS: Record<string, string> = {
  '': 'core',
  apps: 'apps',
  batch: 'batch',
  policy: 'policy',
  autoscaling: 'autoscaling',
  'storage.k8s.io': 'storage',
  'discovery.k8s.io': 'discovery',
  'scheduling.k8s.io': 'scheduling',
  'coordination.k8s.io': 'coordination',
  'events.k8s.io': 'events',
  'rbac.authorization.k8s.io': 'rbac',
  'networking.k8s.io': 'networking',
  'authentication.k8s.io': 'authentication',
  'authorization.k8s.io': 'authorization',
};

/** The protobuf package of an API group version: `apps/v1` → `k8s.io.api.apps.v1`, `v1` → `k8s.io.api.core.v1`. */
function packageOf(apiVersion: string): string | undefined {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['', apiVersion];
  if (!/^v\d\w*$/.test(version)) return undefined;
  if (group === 'meta.k8s.io') return META;
  const pkg = BUILTIN_GROUPS[group];
  return pkg && `k8s.io.api.${pkg}.${version}`;
}

function typeIn(pkg: string | undefined, kind: string): protobuf.Type | undefined {
  if (!pkg || !/^[A-Za-z][A-Za-z0-9]*$/.test(kind)) return undefined;
  const found = kubernetesProtobufRoot().lookup(`${pkg}.${kind}`);
  return found instanceof protobuf.Type ? found : undefined;
}

/** The message type of a built-in kind (`apps/v1` `ReplicaSet`); undefined for custom resources and unknown kinds. */
export function builtinMessageType(apiVersion: string, kind: string): protobuf.Type | undefined {
  return typeIn(packageOf(apiVersion), kind);
}

/** The message type of a kind; the meta types (DeleteOptions, Status, …) are registered in every group version. */
export function messageTypeFor(apiVersion: string, kind: string): protobuf.Type | undefined {
  return builtinMessageType(apiVersion, kind) ?? typeIn(META, kind);
}

/** Types whose JSON form is not their message's (a string, number or null): `messageToJson` prints them itself. */
export const SCALAR_JSON_TYPES: ReadonlySet<string> = new Set([QUANTITY, INT_OR_STRING, TIME, MICRO_TIME, DURATION, FIELDS_V1, RAW_EXTENSION]);

/**
 * Decodes a Kubernetes protobuf body (`k8s\0` + runtime.Unknown) into the object its JSON form would have been, with
 * `apiVersion` and `kind` from the envelope. Throws KubeProtobufError for malformed input or an unknown kind.
 */
export function decodeKubernetesProtobuf(body: Uint8Array): KubeObject {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (bytes.length < 4 || !bytes.subarray(0, 4).equals(KUBERNETES_PROTOBUF_MAGIC)) {
    throw new KubeProtobufError('the body is not Kubernetes protobuf: it does not start with the "k8s\\0" prefix');
  }
  const r = kubernetesProtobufRoot();
  const unknownType = r.lookupType('k8s.io.apimachinery.pkg.runtime.Unknown');
  let unknown: protobuf.Message & Record<string, any>;
  try {
    unknown = unknownType.decode(bytes.subarray(4)) as protobuf.Message & Record<string, any>;
  } catch (err) {
    throw new KubeProtobufError(`malformed Kubernetes protobuf envelope (runtime.Unknown): ${(err as Error).message}`);
  }
  const apiVersion: string = unknown.typeMeta?.apiVersion ?? '';
  const kind: string = unknown.typeMeta?.kind ?? '';
  if (!apiVersion || !kind) throw new KubeProtobufError('the Kubernetes protobuf envelope has no apiVersion or kind');
  if (unknown.contentEncoding) {
    throw new KubeProtobufError(`unsupported content encoding ${JSON.stringify(unknown.contentEncoding)} of ${apiVersion} ${kind}`);
  }
  const raw: Uint8Array = unknown.raw ?? new Uint8Array();
  const contentType: string = unknown.contentType ?? '';
  if (contentType && contentType.split(';')[0].trim() === 'application/json') {
    return { ...parseJson(raw, `${apiVersion} ${kind}`), apiVersion, kind } as KubeObject;
  }
  if (contentType && !isKubernetesProtobuf(contentType)) {
    throw new KubeProtobufError(`unsupported content type ${JSON.stringify(contentType)} of the raw ${apiVersion} ${kind}`);
  }
  const type = messageTypeFor(apiVersion, kind);
  if (!type) throw new KubeProtobufError(`no protobuf schema for ${apiVersion} ${kind}`);
  let message: protobuf.Message;
  try {
    message = type.decode(raw);
  } catch (err) {
    throw new KubeProtobufError(`malformed protobuf ${apiVersion} ${kind}: ${(err as Error).message}`);
  }
  return { apiVersion, kind, ...(messageToJson(type, message) as object) } as KubeObject;
}

function parseJson(raw: Uint8Array, what: string): any {
  try {
    return JSON.parse(Buffer.from(raw).toString('utf8'));
  } catch (err) {
    throw new KubeProtobufError(`the raw JSON of ${what} does not parse: ${(err as Error).message}`);
  }
}

type Dict = Record<string, any>;
const has = (m: Dict, name: string) => Object.prototype.hasOwnProperty.call(m, name);
/** gogoproto.nullable = false: a non-pointer Go field (always marshalled; a struct always appears in Go's JSON). */
export const nonPointer = (field: protobuf.Field) => field.options?.['(gogoproto.nullable)'] === false;
/**
 * Non-pointer fields whose Go name happens to be their type's name without being embedded (upstream types.go:
 * `PodSignature PodSignature `json:"podSignature"``, …): the descriptor cannot tell them from embedded ones.
 */
const NAMED_NOT_INLINE = new Set([
  'k8s.io.api.core.v1.PreferAvoidPodsEntry.podSignature',
  'k8s.io.api.core.v1.WeightedPodAffinityTerm.podAffinityTerm',
  'k8s.io.api.storage.v1.VolumeError.time',
  'k8s.io.api.rbac.v1.RoleBinding.roleRef',
  'k8s.io.api.rbac.v1.ClusterRoleBinding.roleRef',
  'k8s.io.api.authentication.v1.SelfSubjectReviewStatus.userInfo',
]);
/**
 * An embedded Go struct, i.e. a non-pointer field whose Go name is its type's name. Kubernetes' API types embed
 * structs with `json:",inline"` (VolumeSource, ProbeHandler, LocalObjectReference, …), except ObjectMeta/ListMeta,
 * which are embedded as `json:"metadata"`.
 */
export const isInlineField = (field: protobuf.Field): boolean =>
  !NAMED_NOT_INLINE.has(`${field.parent?.fullName.slice(1)}.${field.name}`) &&
  !field.repeated &&
  !field.map &&
  nonPointer(field) &&
  field.resolvedType instanceof protobuf.Type &&
  field.options?.['(gogoproto.customname)'] === field.resolvedType.name &&
  field.name !== 'metadata';

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  return Number(String(value)); // protobufjs' Long
}
function toBigInt(value: unknown): bigint {
  return BigInt(typeof value === 'number' ? Math.trunc(value) : String(value));
}

function scalarToJson(field: protobuf.Field, value: unknown): unknown {
  switch (field.type) {
    case 'bytes':
      return Buffer.from(value as Uint8Array).toString('base64');
    case 'int64':
    case 'uint64':
    case 'sint64':
    case 'fixed64':
    case 'sfixed64':
      return toNumber(value);
    default:
      return value;
  }
}

const isZero = (value: unknown) => value === '' || value === 0 || value === false;

/** A message as Go's encoding/json would print the Go struct that gogo-protobuf unmarshals it into. */
export function messageToJson(type: protobuf.Type, message: Dict): unknown {
  switch (type.fullName) {
    case QUANTITY:
      return has(message, 'string') && message.string !== '' ? message.string : '0';
    case INT_OR_STRING:
      return toNumber(message.type ?? 0) === 1 ? (message.strVal ?? '') : (message.intVal ?? 0);
    case TIME:
    case MICRO_TIME:
      return goTimeJson(
        has(message, 'seconds') ? toNumber(message.seconds) : undefined,
        has(message, 'nanos') ? message.nanos : undefined,
        type.fullName === MICRO_TIME,
      );
    case DURATION:
      return goDurationString(has(message, 'duration') ? toBigInt(message.duration) : 0n);
    case FIELDS_V1: // its field is named `Raw`
      return rawToJson(message.Raw, type.name);
    case RAW_EXTENSION:
      return rawToJson(message.raw, type.name);
  }
  const out: Dict = {};
  for (const field of type.fieldsArray) {
    const name = field.name;
    const value = message[name];
    const messageType = field.resolvedType instanceof protobuf.Type ? field.resolvedType : undefined;
    if (field.map) {
      const keys = value ? Object.keys(value) : [];
      if (keys.length === 0) {
        if (printedWhenZero(field)) out[name] = null; // a nil Go map without omitempty
        continue;
      }
      const map: Dict = {};
      for (const key of keys) {
        map[key] = messageType ? messageToJson(messageType, value[key]) : scalarToJson(field, value[key]);
      }
      out[name] = map;
    } else if (field.repeated) {
      if (!Array.isArray(value) || value.length === 0) {
        if (printedWhenZero(field)) out[name] = null; // a nil Go slice without omitempty
        continue;
      }
      out[name] = value.map((item: unknown) => (messageType ? messageToJson(messageType, item as Dict) : scalarToJson(field, item)));
    } else if (messageType) {
      // A pointer struct appears when it was sent (even empty: `emptyDir: {}`); a non-pointer one always does
      // (`resources: {}`, `status: {}`, `creationTimestamp: null`), as Go's omitempty never omits a struct.
      if (!has(message, name) && !nonPointer(field)) continue;
      const json = messageToJson(messageType, has(message, name) ? value : messageType.create());
      if (isInlineField(field) && json && typeof json === 'object') Object.assign(out, json);
      else out[name] = json;
    } else {
      if (!has(message, name)) {
        // Not sent is Go's zero value: printed only without omitempty.
        if (nonPointer(field) && printedWhenZero(field)) out[name] = scalarToJson(field, field.typeDefault);
        continue;
      }
      const json = scalarToJson(field, value);
      // gogo-protobuf always marshals non-pointer scalars, zero or not: Go's JSON prints a zero one only without
      // omitempty (`"currentHealthy": 0`). A pointer scalar (`replicas`, `backoffLimit`, `optional`) that was sent is
      // kept even when zero.
      if (nonPointer(field) && isZero(json) && !printedWhenZero(field)) continue;
      out[name] = json;
    }
  }
  return out;
}

/** runtime.RawExtension / metav1.FieldsV1: raw JSON, or a nested Kubernetes protobuf object; empty is `null`. */
function rawToJson(raw: Uint8Array | undefined, what: string): unknown {
  if (!raw || raw.length === 0) return null;
  const bytes = Buffer.from(raw);
  if (bytes.length >= 4 && bytes.subarray(0, 4).equals(KUBERNETES_PROTOBUF_MAGIC)) return decodeKubernetesProtobuf(bytes);
  return parseJson(bytes, what);
}
