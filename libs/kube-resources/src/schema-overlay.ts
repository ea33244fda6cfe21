import type { JsonObject, OpenApiDocument } from './upstream-openapi';

/**
 * What turns one version's OpenAPI document into a later version's: per existing schema, the properties to add or
 * replace (a schema) or to remove (`null`), and the schemas that are new. Everything else — descriptions,
 * `x-kubernetes-*` extensions, paths, group-version-kinds — stays as the base document has it.
 */
export interface SchemaOverlay {
  /** The Kubernetes version the overlay brings the document to, e.g. `v1.32.0`. */
  kubernetes: string;
  /** Where the overlay was derived from, and how to derive it again. */
  source: string;
  properties: Record<string, Record<string, JsonObject | null>>;
  /** Per existing schema, its `required` list when it changed. */
  required: Record<string, string[]>;
  schemas: Record<string, JsonObject>;
}

/** The base document with the overlay applied; the base is left as it was. */
export function applySchemaOverlay(base: OpenApiDocument, overlay: SchemaOverlay): OpenApiDocument {
  const schemas: Record<string, JsonObject> = { ...base.components.schemas };
  for (const [name, changes] of Object.entries(overlay.properties)) {
    const schema = schemas[name];
    if (!schema) throw new Error(`schema overlay: ${name} is not in the base document`);
    const properties = { ...(schema.properties as JsonObject) };
    for (const [property, value] of Object.entries(changes)) {
      if (value === null) delete properties[property];
      else properties[property] = value;
    }
    schemas[name] = { ...schema, properties };
  }
  for (const [name, required] of Object.entries(overlay.required)) {
    const { required: _was, ...schema } = schemas[name];
    schemas[name] = required.length > 0 ? { ...schema, required } : schema;
  }
  for (const [name, schema] of Object.entries(overlay.schemas)) {
    if (schemas[name]) throw new Error(`schema overlay: ${name} is already in the base document`);
    schemas[name] = schema;
  }
  return { ...base, components: { ...base.components, schemas } };
}
