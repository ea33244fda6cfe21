import type { KubeObject } from '@kronicle/contracts';
import { parse } from 'yaml';
import { managerOrUserAgent } from './field-manager-name';
import { applyJsonPatch } from './json-patch';
import { recordUpdate } from './managed-fields/record-update';
import { applyServerSide } from './managed-fields/server-side-apply';
import { applyMergePatch, isObject } from './merge-patch';
import { badRequest, PatchError } from './patch-error';
import { builtinPatchMeta } from './patch-meta/builtin-patch-meta';
import { NO_META, type PatchMetaLookup } from './patch-meta/patch-meta';
import { applyStrategicMergePatch } from './strategic/strategic-merge-patch';

export const PatchType = {
  Json: 'application/json-patch+json',
  Merge: 'application/merge-patch+json',
  StrategicMerge: 'application/strategic-merge-patch+json',
  ApplyYaml: 'application/apply-patch+yaml',
} as const;
export type PatchType = (typeof PatchType)[keyof typeof PatchType];

/** In the order upstream lists them in its 415 answer. */
export const SUPPORTED_PATCH_TYPES: readonly PatchType[] = [PatchType.Json, PatchType.Merge, PatchType.StrategicMerge, PatchType.ApplyYaml];

export interface PatchRequest {
  /** The request's Content-Type; parameters such as `charset` are ignored. */
  contentType: string;
  patch: string | Buffer;
  /** The stored object, or `undefined` when there is none (only server-side apply may create). */
  current: KubeObject | undefined;
  /** The `fieldManager` query parameter. */
  fieldManager?: string;
  /** The `User-Agent` header, the manager's name when `fieldManager` is absent (not for apply). */
  userAgent?: string;
  /** The `force` query parameter; only allowed with server-side apply. */
  force?: boolean;
  now: Date;
  /** Patch strategies and merge keys; defaults to Kubernetes' built-in types. */
  patchMeta?: PatchMetaLookup;
}

/**
 * The object a PATCH request produces, with `metadata.managedFields` maintained, as upstream's
 * `handlers/patch.go`. Validation, defaulting, name and namespace checks are the caller's.
 */
export function applyPatch(request: PatchRequest): { object: KubeObject } {
  const type = request.contentType.split(';')[0].trim().toLowerCase();
  const lookup = request.patchMeta ?? builtinPatchMeta;
  const current = request.current;
  const meta = current && lookup(current.apiVersion, current.kind);
  const supported = SUPPORTED_PATCH_TYPES.filter((t) => t !== PatchType.StrategicMerge || !current || meta);
  if (!supported.includes(type as PatchType)) {
    // Upstream offers no strategic merge patch for kinds it has no Go struct for (custom resources).
    throw new PatchError(415, `the body of the request was in an unknown format - accepted media types include: ${supported.join(', ')}`);
  }
  validateOptions(type, request);

  if (type === PatchType.ApplyYaml) {
    const config = decodeYaml(request.patch);
    const applyMeta = lookup(config.apiVersion, config.kind) ?? NO_META;
    const object = applyServerSide({ ...request, config, fieldManager: request.fieldManager ?? '', force: request.force ?? false, meta: applyMeta });
    return { object };
  }

  if (!current) throw new PatchError(404, 'the object to patch does not exist');
  const patched =
    type === PatchType.Json
      ? applyJsonPatch(current, request.patch)
      : type === PatchType.Merge
        ? applyMergePatch(current, request.patch)
        : applyStrategicMergePatch(current, request.patch, meta ?? NO_META);
  if (!isObject(patched)) {
    throw new PatchError(422, ` "" is invalid: patch: Invalid value: ${JSON.stringify(JSON.stringify(patched))}: json: cannot unmarshal ${Array.isArray(patched) ? 'array' : typeof patched} into Go value of type map[string]interface {}`);
  }
  const manager = managerOrUserAgent(request.fieldManager, request.userAgent);
  return { object: recordUpdate(manager, current, patched as KubeObject, request.now, meta ?? NO_META) };
}

/** Upstream's `ValidatePatchOptions`. */
function validateOptions(type: string, { fieldManager, force }: PatchRequest): void {
  const invalid = (field: string, message: string, causeType: string) =>
    new PatchError(422, `PatchOptions.meta.k8s.io "" is invalid: ${field}: ${message}`, [{ type: causeType, message, field }]);
  if (type === PatchType.ApplyYaml && !fieldManager) {
    throw invalid('fieldManager', 'Required value: is required for apply patch', 'FieldValueRequired');
  }
  if (type !== PatchType.ApplyYaml && force !== undefined) {
    throw invalid('force', 'Forbidden: may not be specified for non-apply patch', 'FieldValueForbidden');
  }
}

/** The apply body: YAML (JSON is YAML too), which must be an object. */
function decodeYaml(body: string | Buffer): KubeObject {
  let value: unknown;
  try {
    value = parse(body.toString());
  } catch (error) {
    throw badRequest(`error decoding YAML: ${(error as Error).message}`);
  }
  if (!isObject(value)) throw badRequest(`error decoding YAML: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value} into Go value of type map[string]interface {}`);
  return value as KubeObject;
}
