import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SchemaOverlay } from './schema-overlay';
import type { Json, JsonObject, OpenApiDocument } from './upstream-openapi';

/** One property of a generated model: its JSON name, its TypeScript type and its OpenAPI format. */
export interface ModelProperty {
  name: string;
  type: string;
  format: string;
  required: boolean;
  description?: string;
}

/** A model class that `@kubernetes/client-node` generated from one definition of Kubernetes' OpenAPI document. */
export interface Model {
  name: string;
  description?: string;
  properties: ModelProperty[];
}

// The generator escapes quotes and backslashes inside its JSDoc (`the container image\'s CMD`) and breaks up what
// would end it (`'*/scale'` → `'*_/scale'`). It also wrote every line break as a space: those are lost.
const unescape = (text: string) => text.replace(/\\(['"\\])/g, '$1').replace(/\*_\//g, '*/').replace(/\/_\*/g, '/*');

// `/**\n * text\n */` → `text`. Every description the generator writes is one line.
function jsDocText(comment: string | undefined): string | undefined {
  if (comment === undefined) return undefined;
  const text = comment.split('\n').map((line) => line.replace(/^\s*\*\s?/, '')).join('\n').trim();
  return text ? unescape(text) : undefined;
}

// A JSDoc block (group 1: its lines, none of which closes it) right before a class or a property.
const doc = String.raw`(?:\/\*\*\n((?:(?![^\n]*\*\/)[^\n]*\n)*)\s*\*\/\n)?`;
const classDoc = new RegExp(`${doc}export declare class (\\w+) \\{`);
const propertyDoc = new RegExp(String.raw`${doc}\s*'([^']+)'(\?)?: `, 'g');

/**
 * Reads the models in a client-node package's `dist/gen/models`: each `X.js` assigns its `attributeTypeMap`
 * (name, baseName, type, format per property) as a JSON-shaped literal, each `X.d.ts` carries the descriptions
 * as JSDoc and marks optional properties with `?`. Read as text: the models are ES modules and only their
 * data is wanted.
 */
export function readClientNodeModels(modelsDir: string): Map<string, Model> {
  const models = new Map<string, Model>();
  for (const file of readdirSync(modelsDir).filter((f) => f.endsWith('.d.ts')).sort()) {
    const name = file.slice(0, -'.d.ts'.length);
    const js = readFileSync(join(modelsDir, `${name}.js`), 'utf8');
    const typeMap = js.match(new RegExp(`\\n${name}\\.attributeTypeMap = (\\[[\\s\\S]*?\\n\\]);`));
    if (!typeMap) continue; // ObjectSerializer, all, and type aliases are no models.
    const attributes: { name: string; baseName: string; type: string; format: string }[] = JSON.parse(typeMap[1]);

    const dts = readFileSync(join(modelsDir, file), 'utf8');
    const declaration = dts.match(classDoc);
    if (!declaration) throw new Error(`${file}: no class declaration`);
    const body = dts.slice(declaration.index! + declaration[0].length);
    const declared = new Map<string, { description?: string; required: boolean }>();
    for (const m of body.matchAll(propertyDoc)) declared.set(m[2], { description: jsDocText(m[1]), required: m[3] !== '?' });

    models.set(name, {
      name,
      description: jsDocText(declaration[1]),
      properties: attributes.map((a) => {
        const d = declared.get(a.name);
        if (!d) throw new Error(`${file}: property ${a.name} is not declared`);
        return { name: a.baseName, type: a.type, format: a.format, required: d.required, description: d.description };
      }),
    });
  }
  return models;
}

function sortKeys<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(sortKeys) as T;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])])) as T;
}

const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });
const capitalize = (s: string) => s[0].toUpperCase() + s.slice(1);
// `V1beta1ResourceClaim` → version `V1beta1`, kind `ResourceClaim`; `CoreV1EndpointPort` has group prefix `Core`.
const modelName = /^([A-Z][a-z]+)?(V\d+(?:(?:alpha|beta)\d+)?)([A-Z]\w*)$/;

// The document's primitive schemas, which the generator turned into TypeScript types of their own.
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const primitives: Record<string, JsonObject> = {
  'Date date-time': ref('io.k8s.apimachinery.pkg.apis.meta.v1.Time'),
  'V1MicroTime date-time-micro': ref('io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime'),
  'IntOrString int-or-string': ref('io.k8s.apimachinery.pkg.util.intstr.IntOrString'),
  'number int32': { type: 'integer', format: 'int32' },
  'number int64': { type: 'integer', format: 'int64' },
  'number double': { type: 'number', format: 'double' },
  'boolean ': { type: 'boolean' },
  'string ': { type: 'string' },
  'string byte': { type: 'string', format: 'byte' },
  // Every free-form field Kubernetes added since (driver parameters, device data) is a RawExtension.
  'any ': ref('io.k8s.apimachinery.pkg.runtime.RawExtension'),
};
// Schemas the generator made `any` or `string` of: a property of the base document that refers to one of these
// and a model property of that type are the same.
const sameAs: Record<string, string> = {
  [QUANTITY]: 'string ',
  'io.k8s.apimachinery.pkg.runtime.RawExtension': 'any',
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1': 'any',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON': 'any',
};

/**
 * The overlay that brings `base` to the version the models were generated from (see {@link SchemaOverlay}).
 * Schemas are matched to models by name (`io.k8s.api.batch.v1.JobSpec` ↔ `V1JobSpec`, or `CoreV1EndpointPort` where
 * two groups share a kind); a model a matched one refers to and the base lacks becomes a new schema in the
 * referring schema's group version. `quantities` names the new properties that hold Quantities (or maps of them):
 * the models type them as plain strings.
 */
export function schemaOverlayFromModels(
  base: OpenApiDocument,
  models: Map<string, Model>,
  options: { kubernetes: string; source: string; quantities: Record<string, string[]> },
): SchemaOverlay {
  const baseSchemas = base.components.schemas;
  const schemaOf = new Map<string, string>(); // model name → schema name
  for (const name of Object.keys(baseSchemas)) {
    const [kind, version, group] = name.split('.').reverse();
    const short = capitalize(version) + kind;
    const model = [capitalize(group) + short, short].find((m) => models.has(m));
    if (model) schemaOf.set(model, name);
  }

  const overlay: SchemaOverlay = { kubernetes: options.kubernetes, source: options.source, properties: {}, required: {}, schemas: {} };

  // The schema name of a model, adding the model as a new schema beside `referrer` when the base lacks it.
  const schemaName = (model: string, referrer: string): string => {
    const known = schemaOf.get(model);
    if (known) return known;
    const parts = modelName.exec(model);
    const [, version, group] = referrer.split('.').reverse();
    if (!parts || parts[2].toLowerCase() !== version || (parts[1] && parts[1].toLowerCase() !== group)) {
      throw new Error(`${referrer} refers to ${model}, which is not in its group version`);
    }
    const name = `${referrer.split('.').slice(0, -1).join('.')}.${parts[3]}`;
    schemaOf.set(model, name);
    overlay.schemas[name] = objectSchema(models.get(model)!, name);
    return name;
  };

  const schemaOfType = (type: string, format: string, owner: string, quantity: boolean): JsonObject => {
    const array = /^Array<(.+)>$/.exec(type);
    if (array) return { type: 'array', items: schemaOfType(array[1], format, owner, quantity) };
    const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
    if (map) return { type: 'object', additionalProperties: schemaOfType(map[1], format, owner, quantity) };
    if (quantity && type === 'string') return ref(QUANTITY);
    const primitive = primitives[`${type} ${format}`];
    if (primitive) return primitive;
    if (models.has(type)) return ref(schemaName(type, owner));
    throw new Error(`${owner}: no OpenAPI schema for the model type ${type} (${format || 'no format'})`);
  };

  // As the base document writes properties: a bare `$ref`, or the type with its description.
  const propertySchema = (p: ModelProperty, owner: string): JsonObject => {
    const schema = schemaOfType(p.type, p.format, owner, options.quantities[owner]?.includes(p.name) ?? false);
    return schema.$ref || !p.description ? schema : { description: p.description, ...schema };
  };

  function objectSchema(model: Model, name: string): JsonObject {
    const properties = Object.fromEntries(model.properties.map((p) => [p.name, propertySchema(p, name)]));
    const required = model.properties.filter((p) => p.required).map((p) => p.name);
    return {
      ...(model.description ? { description: model.description } : {}),
      properties,
      ...(required.length > 0 ? { required } : {}),
      type: 'object',
    };
  }

  // The part of a property schema the models can express, as text: `array<integer int32>`, `ref <name>`, `any`.
  const shape = (schema: Json | undefined): string => {
    if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return String(schema);
    if (typeof schema.$ref === 'string') {
      const target = schema.$ref.split('/').pop()!;
      return sameAs[target] ?? `ref ${target}`;
    }
    if (schema.type === 'array') return `array<${shape(schema.items)}>`;
    if (schema.type === 'object' && schema.additionalProperties) return `map<${shape(schema.additionalProperties)}>`;
    if (schema.type === 'object' && !schema.properties) return 'any';
    return `${String(schema.type)} ${String(schema.format ?? '')}`;
  };

  for (const [model, name] of [...schemaOf].sort(([, a], [, b]) => a.localeCompare(b))) {
    const baseSchema = baseSchemas[name];
    const baseProperties = (baseSchema.properties ?? {}) as JsonObject;
    const modelProperties = models.get(model)!.properties;
    const changes: Record<string, JsonObject | null> = {};
    for (const p of modelProperties) {
      const had = baseProperties[p.name];
      if (had === undefined) {
        changes[p.name] = propertySchema(p, name);
        continue;
      }
      if (p.type.includes('any')) continue; // A free-form value; the base's schema says more.
      const wanted = propertySchema(p, name);
      if (shape(had) !== shape(wanted)) {
        // Keep what the base says about the property (its description, list type) and take the new type.
        const { $ref: _ref, type: _type, format: _format, items: _items, additionalProperties: _values, ...kept } = had as JsonObject;
        const { description: _description, ...type } = wanted;
        changes[p.name] = type.$ref ? type : { ...kept, ...type };
      }
    }
    for (const property of Object.keys(baseProperties)) {
      if (!modelProperties.some((p) => p.name === property)) changes[property] = null;
    }
    if (Object.keys(changes).length > 0) overlay.properties[name] = changes;

    const required = modelProperties.filter((p) => p.required).map((p) => p.name);
    const baseRequired = (baseSchema.required ?? []) as string[];
    if ([...required].sort().join() !== [...baseRequired].sort().join()) overlay.required[name] = required;
  }
  // Keys in order, as in the base document, so that a change of models shows as a small diff of the overlay.
  return { ...overlay, properties: sortKeys(overlay.properties), schemas: sortKeys(overlay.schemas) } as SchemaOverlay;
}
