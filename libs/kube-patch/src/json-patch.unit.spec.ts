import { describe, expect, it } from 'vitest';
import { applyJsonPatch } from './json-patch';
import { PatchError } from './patch-error';

const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 3 } };

function failure(body: string): PatchError {
  try {
    applyJsonPatch(deployment, body);
  } catch (error) {
    return error as PatchError;
  }
  throw new Error('expected the patch to fail');
}

describe('applyJsonPatch', () => {
  it('given a deployment, when replacing replicas after a passing test, then the new object has the new count', () => {
    const body = JSON.stringify([
      { op: 'test', path: '/spec/replicas', value: 3 },
      { op: 'replace', path: '/spec/replicas', value: 5 },
      { op: 'add', path: '/metadata/labels', value: { app: 'web' } },
    ]);
    expect(applyJsonPatch(deployment, body)).toEqual({ ...deployment, metadata: { name: 'web', labels: { app: 'web' } }, spec: { replicas: 5 } });
    expect(deployment.spec.replicas).toBe(3);
  });

  it.each([
    ['a failed test', [{ op: 'test', path: '/spec/replicas', value: 4 }], 'testing value /spec/replicas failed: test failed'],
    ['a removal of a missing path', [{ op: 'remove', path: '/spec/paused/x' }], 'remove operation does not apply: doc is missing path: /spec/paused/x: missing value'],
    ['an unknown op', [{ op: 'frobnicate', path: '/spec' }], 'Unexpected kind: frobnicate: unknown object type'],
  ])('when the patch has %s, then it is a 422 with upstream’s message', (_, operations, detail) => {
    const error = failure(JSON.stringify(operations));
    expect(error).toMatchObject({ httpStatus: 422, reason: 'Invalid', message: 'the server rejected our request due to an error in our request', detail });
  });

  it('when the body is not a list of operations, then it is a 400', () => {
    expect(failure('{"op":"add"}')).toMatchObject({ httpStatus: 400, message: 'json: cannot unmarshal object into Go value of type jsonpatch.Patch' });
    expect(failure('not json').httpStatus).toBe(400);
  });

  it('when the patch has more than 10000 operations, then it is a 413', () => {
    const operations = Array.from({ length: 10001 }, () => ({ op: 'test', path: '/kind', value: 'Deployment' }));
    expect(failure(JSON.stringify(operations))).toMatchObject({
      httpStatus: 413,
      message: 'Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001',
    });
  });
});
