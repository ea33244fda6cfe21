import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kronicle/contracts';
import { SERVICE_ACCOUNT_ISSUER, ServiceAccountTokens } from './service-account-tokens';

const key = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
const account = (uid = 'sa-uid'): KubeObject => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'builder', namespace: 'ci', uid } });
const now = new Date('2026-11-30T04:00:00Z');
const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());

describe('service account tokens (TokenRequest)', () => {
  const tokens = new ServiceAccountTokens(key());

  it("carry upstream's claims and authenticate as the account, in its groups, until they expire", async () => {
    const { token, expiresAt } = await tokens.issue(account(), [SERVICE_ACCOUNT_ISSUER], 3600, now);
    expect(expiresAt).toEqual(later(3600));
    expect(claimsOf(token)).toMatchObject({
      iss: SERVICE_ACCOUNT_ISSUER,
      sub: 'system:serviceaccount:ci:builder',
      aud: [SERVICE_ACCOUNT_ISSUER],
      iat: now.getTime() / 1000,
      nbf: now.getTime() / 1000,
      exp: now.getTime() / 1000 + 3600,
      'kubernetes.io': { namespace: 'ci', serviceaccount: { name: 'builder', uid: 'sa-uid' } },
    });
    const found = () => account();
    expect(await tokens.authenticate(token, found, later(60))).toEqual({
      username: 'system:serviceaccount:ci:builder',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:ci', 'system:authenticated'],
    });
    expect(await tokens.authenticate(token, found, later(3601))).toBeUndefined();
  });

  it('authenticate nobody once the account is gone or made again, for another audience, from another key, or altered', async () => {
    const { token } = await tokens.issue(account(), [SERVICE_ACCOUNT_ISSUER], 3600, now);
    expect(await tokens.authenticate(token, () => undefined, now)).toBeUndefined();
    expect(await tokens.authenticate(token, () => account('another-uid'), now)).toBeUndefined();
    const vault = await tokens.issue(account(), ['vault'], 3600, now);
    expect(await tokens.authenticate(vault.token, () => account(), now)).toBeUndefined();
    const foreign = await new ServiceAccountTokens(key()).issue(account(), [SERVICE_ACCOUNT_ISSUER], 3600, now);
    expect(await tokens.authenticate(foreign.token, () => account(), now)).toBeUndefined();
    const [header, , signature] = token.split('.');
    const altered = Buffer.from(JSON.stringify({ ...claimsOf(token), sub: 'system:serviceaccount:kube-system:admin' })).toString('base64url');
    expect(await tokens.authenticate(`${header}.${altered}.${signature}`, () => account(), now)).toBeUndefined();
    expect(await tokens.authenticate('not-a-jwt', () => account(), now)).toBeUndefined();
  });

  it('bound to a pod, authenticate only while that pod lives; its node is named, not checked', async () => {
    const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'ci', uid: 'pod-uid' } };
    const { token } = await tokens.issue(account(), [SERVICE_ACCOUNT_ISSUER], 3600, now, { pod: { name: 'web', uid: 'pod-uid' }, node: { name: 'node-1', uid: 'node-uid' } });
    expect(claimsOf(token)['kubernetes.io']).toEqual({ namespace: 'ci', pod: { name: 'web', uid: 'pod-uid' }, node: { name: 'node-1', uid: 'node-uid' }, serviceaccount: { name: 'builder', uid: 'sa-uid' } });
    const objects = (live: KubeObject[]) => (resource: string, _namespace: string, name: string) => live.find((o) => `${o.kind.toLowerCase()}s` === resource && o.metadata.name === name);
    expect(await tokens.authenticate(token, objects([account(), pod]), now)).toMatchObject({ username: 'system:serviceaccount:ci:builder' });
    expect(await tokens.authenticate(token, objects([account()]), now)).toBeUndefined();
    expect(await tokens.authenticate(token, objects([account(), { ...pod, metadata: { ...pod.metadata, uid: 'again' } }]), now)).toBeUndefined();
  });
});
