import { createHash } from 'node:crypto';
import { apiGroups, findResource } from './find-resource';
import { type Json, type JsonObject, resolveRef, upstreamOpenApi } from './upstream-openapi';

/** `api/v1` or `apis/apps/v1`: how OpenAPI v3 names a group version. */
export function groupVersionPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

function parseGroupVersionPath(path: string): { group: string; version: string } | undefined {
  const parts = path.replace(/^\/+/, '').split('/');
  if (parts[0] === 'api' && parts.length === 2) return { group: '', version: parts[1] };
  if (parts[0] === 'apis' && parts.length === 3) return { group: parts[1], version: parts[2] };
  return undefined;
}

/**
 * Is an upstream path one Kronicle serves? `/api/v1/namespaces/{namespace}/pods/{name}/status` is
 * resource `pods`, subresource `status`; `/apis/apps/v1/watch/deployments` is `deployments`.
 */
function isServedPath(group: string, version: string, rest: string[]): boolean {
  const parts = rest[0] === 'watch' ? rest.slice(1) : rest;
  const scoped = parts[0] === 'namespaces' && parts[1] === '{namespace}' ? parts.slice(2) : parts;
  const [resource, name, subresource, ...more] = scoped;
  const served = resource !== undefined ? findResource(group, version, resource) : undefined;
  if (!served || more.length > 0) return false;
  if (subresource === undefined) return name === undefined || name === '{name}';
  return served.subresources.some((s) => s.name === subresource);
}

// Collects the components a fragment refers to, transitively: the document must be self-contained.
function collectRefs(value: Json, found: Set<string>): void {
  if (Array.isArray(value)) return value.forEach((v) => collectRefs(v, found));
  if (value === null || typeof value !== 'object') return;
  for (const [key, v] of Object.entries(value)) {
    if (key === '$ref' && typeof v === 'string' && !found.has(v)) {
      found.add(v);
      const target = resolveRef(v);
      if (target) collectRefs(target, found);
    } else {
      collectRefs(v, found);
    }
  }
}

// The converted document names a server on every operation; upstream's per-group documents do not.
function withoutServers(pathItem: JsonObject): JsonObject {
  return Object.fromEntries(
    Object.entries(pathItem).map(([method, op]) => {
      if (op === null || typeof op !== 'object' || Array.isArray(op)) return [method, op];
      const { servers: _servers, ...rest } = op;
      return [method, rest];
    }),
  );
}

const documents = new Map<string, JsonObject>();

/**
 * The OpenAPI v3 document of one group version (`api/v1`, `apis/apps/v1`) as served at `/openapi/v3/<path>`:
 * upstream's paths for the resources Kronicle serves, with their `fieldValidation` parameters (which tell kubectl
 * to validate on the server), and every schema they refer to. Undefined if the group version is not served.
 */
export function openApiV3Document(path: string): JsonObject | undefined {
  const cachedDoc = documents.get(path);
  if (cachedDoc) return cachedDoc;
  const gv = parseGroupVersionPath(path);
  if (!gv || !apiGroups().some((g) => g.name === gv.group && g.versions.includes(gv.version))) return undefined;
  const { group, version } = gv;

  const upstream = upstreamOpenApi();
  const prefix = `/${groupVersionPath(group, version)}/`;
  const paths = Object.fromEntries(
    Object.entries(upstream.paths)
      .filter(([p]) => p.startsWith(prefix) && isServedPath(group, version, p.slice(prefix.length).split('/')))
      .map(([p, item]) => [p, withoutServers(item)]),
  );
  const refs = new Set<string>();
  collectRefs(paths, refs);
  const components: Record<string, Record<string, Json>> = {};
  for (const ref of [...refs].sort()) {
    const [, , section, name] = ref.split('/');
    (components[section] ??= {})[name] = resolveRef(ref) ?? null;
  }
  const doc: JsonObject = {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.0' },
    paths,
    components: { ...components, securitySchemes: upstream.components.securitySchemes },
  };
  documents.set(path, doc);
  return doc;
}

/** Upstream's ETag for a document: the uppercase hex sha512 of its bytes, also used as `?hash=` in the root. */
export function openApiV3Hash(doc: JsonObject): string {
  return createHash('sha512').update(JSON.stringify(doc)).digest('hex').toUpperCase();
}

/** `GET /openapi/v3`: where each served group version's document lives. */
export function openApiV3Root(): { paths: Record<string, { serverRelativeURL: string }> } {
  const entries = apiGroups().flatMap((g) =>
    g.versions.map((v) => {
      const path = groupVersionPath(g.name, v);
      return [path, { serverRelativeURL: `/openapi/v3/${path}?hash=${openApiV3Hash(openApiV3Document(path)!)}` }];
    }),
  );
  return { paths: Object.fromEntries(entries) };
}
