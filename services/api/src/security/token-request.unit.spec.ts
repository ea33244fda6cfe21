import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kronicle/contracts';
import { ApiError } from '@kronicle/object-lifecycle';
import { SERVICE_ACCOUNT_ISSUER, ServiceAccountTokens } from './service-account-tokens';
import { requestToken } from './token-request';

const tokens = new ServiceAccountTokens(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
const account: KubeObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default', uid: 'u1' } };
const now = new Date('2026-11-30T04:00:00Z');
const body = (spec: object = {}): KubeObject => ({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', metadata: {}, spec } as KubeObject);
const refusal = async (promise: Promise<unknown>) => {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ApiError);
  return (err as ApiError).status;
};

describe('a TokenRequest (kubectl create token)', () => {
  it("is answered with a token for the API's audience, valid one hour unless asked otherwise", async () => {
    const answer = await requestToken(body(), account, 'default', tokens, now);
    expect(answer).toMatchObject({
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { name: 'default', namespace: 'default', creationTimestamp: '2026-11-30T04:00:00Z' },
      spec: { audiences: [SERVICE_ACCOUNT_ISSUER], expirationSeconds: 3600, boundObjectRef: null },
      status: { expirationTimestamp: '2026-11-30T05:00:00Z' },
    });
    expect(await tokens.authenticate(answer.status.token, () => account, now)).toMatchObject({ username: 'system:serviceaccount:default:default' });
    const long = await requestToken(body({ expirationSeconds: 7200, audiences: ['vault'] }), account, 'default', tokens, now);
    expect(long.spec).toMatchObject({ audiences: ['vault'], expirationSeconds: 7200 });
  });

  it("refuses a duration outside upstream's bounds (422), an account that does not exist (404), and a binding to an object (400)", async () => {
    expect(await refusal(requestToken(body({ expirationSeconds: 60 }), account, 'default', tokens, now))).toMatchObject({
      code: 422,
      message: 'TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes',
    });
    expect(await refusal(requestToken(body({ expirationSeconds: 2 ** 33 }), account, 'default', tokens, now))).toMatchObject({ code: 422 });
    expect(await refusal(requestToken(body(), undefined, 'builder', tokens, now))).toMatchObject({ code: 404, message: 'serviceaccounts "builder" not found' });
    expect(await refusal(requestToken(body({ boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: 'web' } }), account, 'default', tokens, now))).toMatchObject({ code: 400 });
  });
});
