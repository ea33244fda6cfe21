import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kronicle/contracts';
import { ApiError } from '@kronicle/object-lifecycle';
import { SERVICE_ACCOUNT_ISSUER, ServiceAccountTokens } from './service-account-tokens';
import { requestToken } from './token-request';

const tokens = new ServiceAccountTokens(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
const account: KubeObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default', uid: 'u1' } };
const now = new Date('2026-11-30T04:00:00Z');
const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default', uid: 'p1' }, spec: { serviceAccountName: 'default', nodeName: 'node-1' } };
const node: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1', uid: 'n1' } };
const live = [account, pod, node];
const objectOf = (resource: string, _namespace: string, name: string) => live.find((o) => `${o.kind.toLowerCase()}s` === resource && o.metadata.name === name);
const body = (spec: object = {}): KubeObject => ({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', metadata: {}, spec } as KubeObject);
const refusal = async (promise: Promise<unknown>) => {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ApiError);
  return (err as ApiError).status;
};

describe('a TokenRequest (kubectl create token)', () => {
  it("is answered with a token for the API's audience, valid one hour unless asked otherwise", async () => {
    const answer = await requestToken(body(), 'default', 'default', objectOf, tokens, now);
    expect(answer).toMatchObject({
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { name: 'default', namespace: 'default', creationTimestamp: '2026-11-30T04:00:00Z' },
      spec: { audiences: [SERVICE_ACCOUNT_ISSUER], expirationSeconds: 3600, boundObjectRef: null },
      status: { expirationTimestamp: '2026-11-30T05:00:00Z' },
    });
    expect(await tokens.authenticate(answer.status.token, () => account, now)).toMatchObject({ username: 'system:serviceaccount:default:default' });
    const long = await requestToken(body({ expirationSeconds: 7200, audiences: ['vault'] }), 'default', 'default', objectOf, tokens, now);
    expect(long.spec).toMatchObject({ audiences: ['vault'], expirationSeconds: 7200 });
  });

  it("refuses a duration outside upstream's bounds (422), an account that does not exist (404), and a binding to an object (400)", async () => {
    expect(await refusal(requestToken(body({ expirationSeconds: 60 }), 'default', 'default', objectOf, tokens, now))).toMatchObject({
      code: 422,
      message: 'TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes',
    });
    expect(await refusal(requestToken(body({ expirationSeconds: 2 ** 33 }), 'default', 'default', objectOf, tokens, now))).toMatchObject({ code: 422 });
    expect(await refusal(requestToken(body(), 'default', 'builder', objectOf, tokens, now))).toMatchObject({ code: 404, message: 'serviceaccounts "builder" not found' });
  });

  it("binds a token to a pod of the account (naming its node), a Secret or a Node, as upstream's TokenREST, and refuses what it cannot bind", async () => {
    const bound = await requestToken(body({ boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: 'web' } }), 'default', 'default', objectOf, tokens, now);
    expect(bound.spec.boundObjectRef).toEqual({ apiVersion: 'v1', kind: 'Pod', name: 'web' });
    const claims = JSON.parse(Buffer.from(bound.status.token.split('.')[1], 'base64url').toString())['kubernetes.io'];
    expect(claims).toMatchObject({ pod: { name: 'web', uid: 'p1' }, node: { name: 'node-1', uid: 'n1' } });
    expect(await tokens.authenticate(bound.status.token, objectOf, now)).toMatchObject({ username: 'system:serviceaccount:default:default' });

    const ref = (kind: string, name: string, extra: object = {}) => body({ boundObjectRef: { apiVersion: 'v1', kind, name, ...extra } });
    expect(await refusal(requestToken(ref('Pod', 'gone'), 'default', 'default', objectOf, tokens, now))).toMatchObject({ code: 404, message: 'pods "gone" not found' });
    expect(await refusal(requestToken(ref('Pod', 'web', { uid: 'old' }), 'default', 'default', objectOf, tokens, now))).toMatchObject({
      code: 409,
      message: 'Operation cannot be fulfilled on Pod "web": the UID in the bound object reference (old) does not match the UID in record. The object might have been deleted and then recreated',
    });
    const other: KubeObject = { ...account, metadata: { ...account.metadata, name: 'builder', uid: 'b1' } };
    live.push(other);
    expect(await refusal(requestToken(ref('Pod', 'web'), 'default', 'builder', objectOf, tokens, now))).toMatchObject({
      code: 400,
      message: 'cannot bind token for serviceaccount "builder" to pod running with different serviceaccount name.',
    });
    expect(await refusal(requestToken(body({ boundObjectRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' } }), 'default', 'default', objectOf, tokens, now))).toMatchObject({
      code: 400,
      message: 'cannot bind token for serviceaccount "default" to object of type apps/v1, Kind=Deployment',
    });
    expect((await requestToken(ref('Node', 'node-1'), 'default', 'default', objectOf, tokens, now)).spec.boundObjectRef).toMatchObject({ kind: 'Node' });
  });
});
