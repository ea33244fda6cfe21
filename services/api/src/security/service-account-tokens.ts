import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { objectStreamId, type KubeObject } from '@kronicle/contracts';
import type { ClusterState } from '@kronicle/projection';
import type { UserInfo } from './bearer-token';

/** jose is an ES module only: loaded once, when the first token is issued or checked. */
let jose: Promise<typeof import('jose', { with: { 'resolution-mode': 'import' } })> | undefined;
const loadJose = () => (jose ??= import('jose'));

/** kube-apiserver's default `--service-account-issuer` and API audience. */
export const SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc.cluster.local';

/** An object a token is bound to: it authenticates only while that object lives. */
export interface BoundObject {
  name: string;
  uid?: string;
}

/** What a token may be bound to, as upstream's claims name them (a pod's node too, for information). */
export interface BoundObjects {
  pod?: BoundObject;
  secret?: BoundObject;
  node?: BoundObject;
}

/** A token's private claims, as upstream's (`kubernetes.io`: the account it speaks for, the objects it is bound to). */
interface KubernetesClaims extends BoundObjects {
  namespace: string;
  serviceaccount: { name: string; uid: string };
}

/** Finds a live object by resource (`serviceaccounts`, `pods`, `secrets`, `nodes`), namespace ('' for nodes) and name. */
export type ObjectLookup = (resource: string, namespace: string, name: string) => KubeObject | undefined;

/** The ObjectLookup of a cluster state's core objects. */
export function coreObjectsOf(state: ClusterState): ObjectLookup {
  return (resource, namespace, name) => state.get(objectStreamId({ group: '', resource, namespace: namespace || undefined, name }))?.object;
}

/** Upstream's service account authenticator's user: `system:serviceaccount:<namespace>:<name>`, in its groups. */
export function serviceAccountUser(namespace: string, name: string): UserInfo {
  return {
    username: `system:serviceaccount:${namespace}:${name}`,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'],
  };
}

/**
 * Service account tokens as kube-apiserver issues them for TokenRequests (`kubectl create token`):
 * JWTs signed with the cluster's service account key (ES256, kept as `<home>/pki/sa.key`, as
 * kubeadm keeps its own), with upstream's claims. A token authenticates while it has not expired, names
 * this issuer and one of the API's audiences, and its service account still exists with the same uid.
 */
export class ServiceAccountTokens {
  private readonly publicKey: KeyObject;

  constructor(private readonly privateKey: KeyObject) {
    this.publicKey = createPublicKey(privateKey);
  }

  /** The key kept under `<home>/pki`, made on first start. */
  static atHome(home: string): ServiceAccountTokens {
    const dir = join(home, 'pki');
    const path = join(dir, 'sa.key');
    if (!existsSync(path)) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    }
    return new ServiceAccountTokens(createPrivateKey(readFileSync(path, 'utf8')));
  }

  /** A token for the account, valid `expirationSeconds` from `now` for these audiences, bound to these objects. */
  async issue(account: KubeObject, audiences: string[], expirationSeconds: number, now: Date, bound: BoundObjects = {}): Promise<{ token: string; expiresAt: Date }> {
    const { SignJWT } = await loadJose();
    const issuedAt = Math.floor(now.getTime() / 1000);
    const claims: KubernetesClaims = { namespace: account.metadata.namespace ?? '', ...bound, serviceaccount: { name: account.metadata.name ?? '', uid: account.metadata.uid ?? '' } };
    const token = await new SignJWT({ 'kubernetes.io': claims })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer(SERVICE_ACCOUNT_ISSUER)
      .setSubject(`system:serviceaccount:${claims.namespace}:${claims.serviceaccount.name}`)
      .setAudience(audiences)
      .setIssuedAt(issuedAt)
      .setNotBefore(issuedAt)
      .setExpirationTime(issuedAt + expirationSeconds)
      .setJti(randomUUID())
      .sign(this.privateKey);
    return { token, expiresAt: new Date((issuedAt + expirationSeconds) * 1000) };
  }

  /**
   * The user a bearer token authenticates, if it is one of these tokens, for the API's audience, not
   * expired at `now`, and its account and the objects it is bound to still live with the uids it was
   * issued for (upstream's validator; a pod's node is named for information, not checked).
   */
  async authenticate(token: string, objectOf: ObjectLookup, now: Date): Promise<UserInfo | undefined> {
    const { errors: joseErrors, jwtVerify } = await loadJose();
    try {
      const { payload } = await jwtVerify<{ 'kubernetes.io'?: KubernetesClaims }>(token, this.publicKey, { issuer: SERVICE_ACCOUNT_ISSUER, audience: SERVICE_ACCOUNT_ISSUER, algorithms: ['ES256'], currentDate: now });
      const claims = payload['kubernetes.io'];
      if (!claims) return undefined;
      const lives = (resource: string, namespace: string, ref: BoundObject | undefined) => !ref || objectOf(resource, namespace, ref.name)?.metadata.uid === ref.uid;
      const { namespace, serviceaccount, pod, secret, node } = claims;
      if (!lives('serviceaccounts', namespace, serviceaccount) || !lives('pods', namespace, pod) || !lives('secrets', namespace, secret)) return undefined;
      if (!pod && !lives('nodes', '', node)) return undefined;
      return serviceAccountUser(namespace, serviceaccount.name);
    } catch (err) {
      // Not ours, tampered with, expired, for another audience: not authenticated (401), as upstream.
      if (err instanceof joseErrors.JOSEError) return undefined;
      throw err;
    }
  }
}
