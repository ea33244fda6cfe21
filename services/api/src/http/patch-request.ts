import type { KubeObject } from '@kronicle/contracts';
import { applyPatch, PatchError, SUPPORTED_PATCH_TYPES } from '@kronicle/kube-patch';
import { ApiError, errors } from '@kronicle/object-lifecycle';

export interface PatchInput {
  contentType: string;
  patch: Buffer;
  current: KubeObject | undefined;
  fieldManager?: string;
  userAgent?: string;
  force?: boolean;
  now: Date;
}

/** Computes the patched object; patch failures become the upstream Status. */
export function patchObject(input: PatchInput): KubeObject {
  if (!(SUPPORTED_PATCH_TYPES as readonly string[]).includes(input.contentType)) throw errors.unsupportedMediaType(input.contentType);
  try {
    return applyPatch({ ...input, patch: input.patch.toString('utf8') }).object;
  } catch (err) {
    if (err instanceof PatchError) {
      throw new ApiError({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: err.message,
        reason: reasonFor(err.httpStatus),
        code: err.httpStatus,
        ...(err.causes?.length ? { details: { causes: err.causes } } : {}),
      });
    }
    throw err;
  }
}

function reasonFor(code: number): string {
  return { 400: 'BadRequest', 409: 'Conflict', 415: 'UnsupportedMediaType', 422: 'Invalid' }[code] ?? 'InternalError';
}
