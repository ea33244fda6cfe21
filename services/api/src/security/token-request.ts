import type { KubeObject } from '@kronicle/contracts';
import { fieldInvalid, invalidMessage, type FieldCause } from '@kronicle/kube-validation';
import { errors, rfc3339 } from '@kronicle/object-lifecycle';
import { SERVICE_ACCOUNT_ISSUER, type ServiceAccountTokens } from './service-account-tokens';

/** Upstream's defaulting of TokenRequestSpec.expirationSeconds: one hour. */
const DEFAULT_EXPIRATION_SECONDS = 3600;
/** Upstream's ValidateTokenRequest bounds. */
const MIN_EXPIRATION_SECONDS = 10 * 60;
const MAX_EXPIRATION_SECONDS = 2 ** 32;

interface TokenRequest {
  apiVersion?: string;
  kind?: string;
  metadata?: Record<string, unknown>;
  spec?: { audiences?: string[] | null; expirationSeconds?: number | null; boundObjectRef?: { apiVersion?: string; kind?: string; name?: string; uid?: string } | null };
}

/**
 * `POST serviceaccounts/<name>/token` (`kubectl create token`), as upstream's TokenREST: validated,
 * the account found (404 otherwise), defaulted (the API's audience, one hour), and answered with a
 * signed token; nothing is stored, so nothing goes to the log. Binding a token to an object (a Pod,
 * a Secret, a Node) is not supported: 400, in the words upstream uses for a kind it cannot bind to.
 */
export async function requestToken(body: KubeObject, account: KubeObject | undefined, name: string, tokens: ServiceAccountTokens, now: Date) {
  const request = body as TokenRequest;
  const expirationSeconds = request.spec?.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS;
  const causes: FieldCause[] = [];
  if (expirationSeconds < MIN_EXPIRATION_SECONDS) causes.push(fieldInvalid('spec.expirationSeconds', expirationSeconds, 'may not specify a duration less than 10 minutes'));
  if (expirationSeconds > MAX_EXPIRATION_SECONDS) causes.push(fieldInvalid('spec.expirationSeconds', expirationSeconds, 'may not specify a duration larger than 2^32 seconds'));
  if (causes.length > 0) throw errors.invalid('TokenRequest', 'authentication.k8s.io', '', invalidMessage('TokenRequest', 'authentication.k8s.io', '', causes), causes);
  if (!account) throw errors.notFound('', 'serviceaccounts', name);
  const bound = request.spec?.boundObjectRef;
  if (bound) throw errors.badRequest(`cannot bind token for serviceaccount "${name}" to object of type ${boundKind(bound)}: Kronicle binds tokens to their service account only`);
  const audiences = request.spec?.audiences?.length ? request.spec.audiences : [SERVICE_ACCOUNT_ISSUER];
  const { token, expiresAt } = await tokens.issue(account, audiences, expirationSeconds, now);
  return {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { name: account.metadata.name, namespace: account.metadata.namespace, creationTimestamp: rfc3339(now) },
    spec: { audiences, expirationSeconds, boundObjectRef: null },
    status: { token, expirationTimestamp: rfc3339(expiresAt) },
  };
}

/** Go's schema.GroupVersionKind.String() of the reference: `/v1, Kind=Pod` for core. */
function boundKind(ref: { apiVersion?: string; kind?: string }): string {
  const [group, version] = (ref.apiVersion ?? '').includes('/') ? (ref.apiVersion ?? '').split('/') : ['', ref.apiVersion ?? ''];
  return `${group}/${version}, Kind=${ref.kind ?? ''}`;
}
