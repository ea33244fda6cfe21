import { findByKind } from './find-resource';
import { type Json, type JsonObject, resolveRef, upstreamOpenApi } from './upstream-openapi';

const schemasByKind = new Map<string, JsonObject | undefined>();

/** The component schema of a served kind, found by its `x-kubernetes-group-version-kind` like kubectl does. */
export function schemaOfKind(apiVersion: string, kind: string): JsonObject | undefined {
  const key = `${apiVersion}/${kind}`;
  // The document never changes, and scanning it costs more than the rest of a write.
  if (!schemasByKind.has(key)) schemasByKind.set(key, findSchemaOfKind(apiVersion, kind));
  return schemasByKind.get(key);
}

function findSchemaOfKind(apiVersion: string, kind: string): JsonObject | undefined {
  const served = findByKind(apiVersion, kind);
  if (!served) return undefined;
  return Object.values(upstreamOpenApi().components.schemas).find((schema) => {
    const gvks = schema['x-kubernetes-group-version-kind'];
    return Array.isArray(gvks) && gvks.some((g) => {
      const gvk = g as JsonObject;
      return gvk.group === served.group && gvk.version === served.version && gvk.kind === kind;
    });
  });
}

const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

function deref(schema: JsonObject): JsonObject {
  const ref = schema.$ref ?? (Array.isArray(schema.allOf) && isObject(schema.allOf[0]) ? schema.allOf[0].$ref : undefined);
  return typeof ref === 'string' ? (resolveRef(ref) ?? {}) : schema;
}

/** What the walk needs of a schema, its reference resolved: its fields, or the schema of every map value or list item. */
interface Shape {
  properties?: JsonObject;
  additionalProperties?: JsonObject;
  items?: JsonObject;
}

// The document never changes: each schema is resolved once, not on every write.
const shapes = new WeakMap<JsonObject, Shape>();

function shapeOf(schemaOrRef: JsonObject): Shape {
  let shape = shapes.get(schemaOrRef);
  if (!shape) {
    const { properties, additionalProperties, items } = deref(schemaOrRef);
    shape = {
      properties: isObject(properties) ? properties : undefined,
      additionalProperties: isObject(additionalProperties) ? additionalProperties : undefined,
      items: isObject(items) ? items : undefined,
    };
    shapes.set(schemaOrRef, shape);
  }
  return shape;
}

// Walks the value beside its schema, in the value's own field order as upstream's strict decoder does.
function collect(value: Json, schemaOrRef: JsonObject, path: string, found: string[]): void {
  const shape = shapeOf(schemaOrRef);
  if (Array.isArray(value)) {
    if (shape.items) for (let i = 0; i < value.length; i++) collect(value[i], shape.items, `${path}[${i}]`, found);
    return;
  }
  if (!isObject(value)) return;
  const { properties, additionalProperties } = shape;
  if (properties) {
    for (const key of Object.keys(value)) {
      const child = `${path}${path ? '.' : ''}${key}`;
      const property = properties[key];
      if (isObject(property)) collect(value[key], property, child, found);
      else found.push(child);
    }
  } else if (additionalProperties) {
    for (const key of Object.keys(value)) collect(value[key], additionalProperties, `${path}[${key}]`, found);
  }
  // A schema with neither (RawExtension, FieldsV1, x-kubernetes-preserve-unknown-fields) accepts any field.
}

/**
 * Upstream's strict-decoding errors for fields the kind's schema does not have, e.g. `unknown field "spec.foo"`:
 * with `fieldValidation=Strict` they make a 400, with `Warn` each is a `299` warning. Empty for unknown kinds.
 */
export function unknownFieldErrors(object: { apiVersion?: unknown; kind?: unknown }): string[] {
  if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') return [];
  const schema = schemaOfKind(object.apiVersion, object.kind);
  if (!schema) return [];
  const found: string[] = [];
  collect(object as Json, schema, '', found);
  return found.map((path) => `unknown field "${path}"`);
}

/** The 400 message upstream gives on create/update under `fieldValidation=Strict`. */
export function strictDecodingMessage(kind: string, version: string, errors: string[]): string {
  return `${kind} in version "${version}" cannot be handled as a ${kind}: strict decoding error: ${errors.join(', ')}`;
}
