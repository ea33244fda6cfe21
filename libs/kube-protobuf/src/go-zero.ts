import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as protobuf from 'protobufjs';
import { isInlineField, kubernetesProtobufRoot, messageToJson, PROTO_DIR } from './decode';

// What an object looks like once upstream has decoded it into its Go type: every non-pointer struct field is
// there (Go's omitempty never omits a struct), and so is every field without omitempty, at its zero value.
// Upstream's field manager compares such objects (the live one, or on create the type's zero value, against the
// decoded request), and its registry strategies start a status from the zero struct (`status: {replicas: 0}`).

/** The built-in API groups whose types the vendored schemas hold; other groups are custom resources. */
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
};

/** Types whose JSON form is not their message's (a string, number or null); they are leaves here. */
const SCALAR_MESSAGES = new Set(
  [
    'k8s.io.apimachinery.pkg.api.resource.Quantity',
    'k8s.io.apimachinery.pkg.util.intstr.IntOrString',
    'k8s.io.apimachinery.pkg.apis.meta.v1.Time',
    'k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime',
    'k8s.io.apimachinery.pkg.apis.meta.v1.Duration',
    'k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1',
    'k8s.io.apimachinery.pkg.runtime.RawExtension',
  ].map((name) => `.${name}`),
);

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
]);

let requiredFields: Record<string, string[]> | undefined;

/** Whether Go's encoding/json prints the field even at its zero value: its JSON tag has no omitempty. */
export function printedWhenZero(field: protobuf.Field): boolean {
  const message = field.parent!.fullName.slice(1);
  if (NOT_OMITTED_OPTIONAL.has(`${message}.${field.name}`)) return true;
  requiredFields ??= JSON.parse(readFileSync(join(PROTO_DIR, 'json-required-fields.json'), 'utf8')) as Record<string, string[]>;
  return requiredFields[message]?.includes(field.name) ?? false;
}

export interface GoZeroOptions {
  /**
   * Write nil slices, maps and struct pointers that lack omitempty as `[]` and `{}` instead of Go's `null`: how
   * structured-merge-diff's comparison sees them (the field is there, with nothing below it).
   */
  nilAsEmpty?: boolean;
}

/** How the fill runs: 0 writes Go's `null`s, 1 is `nilAsEmpty`. */
type Mode = 0 | 1;
const modeOf = (options: GoZeroOptions): Mode => (options.nilAsEmpty ? 1 : 0);

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const ABSENT = Symbol('absent');

/** The message type of a built-in kind (`apps/v1` `ReplicaSet`); undefined for custom resources and unknown kinds. */
function builtinType(apiVersion: string, kind: string): protobuf.Type | undefined {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['', apiVersion];
  const pkg = BUILTIN_GROUPS[group];
  if (!pkg || !/^v\d\w*$/.test(version) || !/^[A-Za-z][A-Za-z0-9]*$/.test(kind)) return undefined;
  const found = kubernetesProtobufRoot().lookup(`k8s.io.api.${pkg}.${version}.${kind}`);
  return found instanceof protobuf.Type ? found : undefined;
}

/** A field's struct type, unless it is one of the types that print as a scalar. */
function structType(field: protobuf.Field): protobuf.Type | undefined {
  const type = field.resolvedType;
  return type instanceof protobuf.Type && !SCALAR_MESSAGES.has(type.fullName) ? type : undefined;
}

const nonPointer = (field: protobuf.Field) => field.options?.['(gogoproto.nullable)'] === false;

/** The value Go prints for a field left at its zero value, or ABSENT when omitempty leaves it out. */
function zeroOf(field: protobuf.Field, options: GoZeroOptions): unknown {
  const printed = printedWhenZero(field);
  const struct = structType(field);
  if (field.map || field.repeated) {
    if (!printed) return ABSENT;
    return options.nilAsEmpty ? (field.map ? {} : []) : null;
  }
  if (!nonPointer(field)) {
    if (!printed) return ABSENT;
    return options.nilAsEmpty && struct ? {} : null;
  }
  if (struct) return fill(struct, {}, modeOf(options));
  const type = field.resolvedType;
  if (type instanceof protobuf.Type) return messageToJson(type, type.create()); // Time: null, Quantity: "0", …
  if (!printed) return ABSENT;
  switch (field.type) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'bytes':
      return null; // a nil []byte
    default:
      return 0;
  }
}

/** How one field is filled, worked out once per type: writes run this for every object. */
interface FieldPlan {
  name: string;
  /** Its struct type (of the items, for lists and maps), unless it prints as a scalar. */
  struct?: protobuf.Type;
  shape: 'one' | 'list' | 'map';
  /** An embedded struct, whose fields sit in the object itself. */
  inline: boolean;
  /** The value when absent, by mode: frozen, as it is shared by every object filled. */
  zero: [unknown, unknown];
}

const plans = new Map<protobuf.Type, FieldPlan[]>();

function planOf(type: protobuf.Type): FieldPlan[] {
  let plan = plans.get(type);
  if (!plan) {
    plan = type.fieldsArray.map((field) => {
      const struct = structType(field);
      const inline = !!struct && isInlineField(field);
      return {
        name: field.name,
        struct,
        shape: field.map ? 'map' : field.repeated ? 'list' : 'one',
        inline,
        zero: inline ? [ABSENT, ABSENT] : [deepFreeze(zeroOf(field, {})), deepFreeze(zeroOf(field, { nilAsEmpty: true }))],
      };
    });
    plans.set(type, plan);
  }
  return plan;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function fill(type: protobuf.Type, value: Json, mode: Mode): Json {
  const out: Json = { ...value };
  fillInto(type, value, out, mode);
  return out;
}

/** Fills `out` (a copy of `value`) with the fields of `type`; embedded structs' fields sit at the same level. */
function fillInto(type: protobuf.Type, value: Json, out: Json, mode: Mode): void {
  for (const field of planOf(type)) {
    const { name, struct } = field;
    if (field.inline) {
      fillInto(struct!, value, out, mode);
      continue;
    }
    const current = value[name];
    if (current === undefined) {
      const zero = field.zero[mode];
      if (zero !== ABSENT) out[name] = zero;
    } else if (!struct) {
      continue;
    } else if (field.shape === 'map') {
      if (isObject(current)) out[name] = Object.fromEntries(Object.entries(current).map(([key, item]) => [key, isObject(item) ? fill(struct, item, mode) : item]));
    } else if (field.shape === 'list') {
      if (Array.isArray(current)) out[name] = current.map((item: unknown) => (isObject(item) ? fill(struct, item, mode) : item));
    } else if (isObject(current)) {
      out[name] = fill(struct, current, mode);
    }
  }
}

/**
 * The object with every field its Go type always has filled in where absent, at the depth it reaches (list items
 * and map values included): non-pointer structs (`spec.template`, a container's `resources: {}`, `status`) and
 * fields without omitempty (`status.replicas: 0`, `spec.containers: null`). Nothing present is changed or removed;
 * the values filled in are frozen (shared between calls). Objects of custom resources and unknown kinds are
 * returned as they are.
 */
export function withGoZeroFields<T>(apiVersion: string, kind: string, object: T, options: GoZeroOptions = {}): T {
  const type = builtinType(apiVersion, kind);
  return type && isObject(object) ? (fill(type, object, modeOf(options)) as T) : object;
}

/** The JSON of a built-in kind's Go zero value (`apps/v1` `ReplicaSet`: `{metadata: {creationTimestamp: null}, spec: {…}, status: {replicas: 0}}`). */
export function goZeroObject(apiVersion: string, kind: string, options: GoZeroOptions = {}): Json | undefined {
  const type = builtinType(apiVersion, kind);
  return type && structuredClone(fill(type, {}, modeOf(options)));
}
