import * as protobuf from 'protobufjs';
import { builtinMessageType, isInlineField, messageToJson, nonPointer, printedWhenZero, SCALAR_JSON_TYPES } from './decode';

// What an object looks like once upstream has decoded it into its Go type: every non-pointer struct field is
// there (Go's omitempty never omits a struct), and so is every field without omitempty, at its zero value.
// Upstream's field manager compares such objects (the live one, or on create the type's zero value, against the
// decoded request), and its registry strategies start a status from the zero struct (`status: {replicas: 0}`).

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
  // Asked on every status write: the schema lookup is resolved once per kind.
  const key = `${apiVersion}/${kind}`;
  if (!builtinTypes.has(key)) builtinTypes.set(key, builtinMessageType(apiVersion, kind));
  return builtinTypes.get(key);
}

const builtinTypes = new Map<string, protobuf.Type | undefined>();

/** A field's struct type, unless it is one of the types that print as a scalar. */
function structType(field: protobuf.Field): protobuf.Type | undefined {
  const type = field.resolvedType;
  return type instanceof protobuf.Type && !SCALAR_JSON_TYPES.has(type.fullName) ? type : undefined;
}

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
  /** Which values omitempty leaves out when the field holds them; undefined: it is always printed. */
  omitted?: 'empty' | 'nil';
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
        omitted: inline ? undefined : omittedOf(field),
      };
    });
    plans.set(type, plan);
  }
  return plan;
}

/**
 * What omitempty leaves out of a field: a zero value for a non-pointer scalar, nothing or nothing in it for a
 * slice or map (`empty`); only nil for a pointer (`nil`: `collisionCount: 0` is printed); nothing for a struct.
 */
function omittedOf(field: protobuf.Field): FieldPlan['omitted'] {
  if (printedWhenZero(field)) return undefined;
  if (field.map || field.repeated) return 'empty';
  if (field.resolvedType instanceof protobuf.Type) return nonPointer(field) ? undefined : 'nil';
  return nonPointer(field) ? 'empty' : 'nil';
}

function isOmitted(value: unknown, omitted: FieldPlan['omitted']): boolean {
  if (value === null) return omitted !== undefined;
  if (omitted !== 'empty') return false;
  if (Array.isArray(value)) return value.length === 0;
  if (isObject(value)) return Object.keys(value).length === 0;
  return value === 0 || value === '' || value === false;
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

/**
 * The object as Go's encoding/json prints it once decoded into its Go type: what omitempty leaves out is gone, at
 * any depth — zero non-pointer scalars, empty slices and maps, nil pointers (a ReplicaSet scaled to 0 has
 * `status: {replicas: 0}`, without `readyReplicas: 0`). Fields without omitempty and pointers to a zero value
 * (`spec.replicas: 0`, `collisionCount: 0`) stay. Nothing is added; the object given is not changed. Objects of
 * custom resources and unknown kinds are returned as they are.
 */
export function withoutOmittedFields<T>(apiVersion: string, kind: string, object: T): T {
  const type = builtinType(apiVersion, kind);
  return type && isObject(object) ? (strip(type, object) as T) : object;
}

function strip(type: protobuf.Type, value: Json): Json {
  const out: Json = { ...value };
  stripInto(type, value, out);
  return out;
}

/** Removes from `out` (a copy of `value`) the fields of `type` omitempty leaves out; embedded structs' fields sit at the same level. */
function stripInto(type: protobuf.Type, value: Json, out: Json): void {
  for (const field of planOf(type)) {
    const { name, struct } = field;
    if (field.inline) {
      stripInto(struct!, value, out);
      continue;
    }
    const current = value[name];
    if (current === undefined) continue;
    if (isOmitted(current, field.omitted)) {
      delete out[name];
    } else if (!struct) {
      continue;
    } else if (field.shape === 'map') {
      if (isObject(current)) out[name] = Object.fromEntries(Object.entries(current).map(([key, item]) => [key, isObject(item) ? strip(struct, item) : item]));
    } else if (field.shape === 'list') {
      if (Array.isArray(current)) out[name] = current.map((item: unknown) => (isObject(item) ? strip(struct, item) : item));
    } else if (isObject(current)) {
      out[name] = strip(struct, current);
    }
  }
}
