import type { KubeObject } from '@kronicle/contracts';
import { fieldInvalid, invalidMessage, type FieldCause } from '@kronicle/kube-validation';
import { parseApiVersion } from '@kronicle/kube-resources';
import { errors, rfc3339 } from '@kronicle/object-lifecycle';
import { SERVICE_ACCOUNT_ISSUER, type BoundObjects, type ObjectLookup, type ServiceAccountTokens } from './service-account-tokens';

/** Upstream's defaulting of TokenRequestSpec.expirationSeconds: one hour. */
const DEFAULT_EXPIRATION_SECONDS = 3600;
/** Upstream's ValidateTokenRequest bounds. */
const MIN_EXPIRATION_SECONDS = 10 * 60;
const MAX_EXPIRATION_SECONDS = 2 ** 32;

type BoundObjectRef = { apiVersion?: string; kind?: string; name?: string; uid?: string };

interface TokenRequest {
  apiVersion?: string;
  kind?: string;
  metadata?: Record<string, unknown>;
  spec?: { audiences?: string[] | null; expirationSeconds?: number | null; boundObjectRef?: BoundObjectRef | null };
}

/**
 * `POST serviceaccounts/<name>/token` (`kubectl create token`), as upstream's TokenREST: validated,
 * the account found (404 otherwise), bound to a Pod (and named with its node), a Secret or a Node when
 * asked, defaulted (the API's audience, one hour), and answered with a signed token. Nothing is
 * stored, so nothing goes to the log.
 */
export async function requestToken(body: KubeObject, namespace: string, name: string, objectOf: ObjectLookup, tokens: ServiceAccountTokens, now: Date) {
  const request = body as TokenRequest;
  const expirationSeconds = request.spec?.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS;
  const causes: FieldCause[] = [];
  if (expirationSeconds < MIN_EXPIRATION_SECONDS) causes.push(fieldInvalid('spec.expirationSeconds', expirationSeconds, 'may not specify a duration less than 10 minutes'));
  if (expirationSeconds > MAX_EXPIRATION_SECONDS) causes.push(fieldInvalid('spec.expirationSeconds', expirationSeconds, 'may not specify a duration larger than 2^32 seconds'));
  if (causes.length > 0) throw errors.invalid('TokenRequest', 'authentication.k8s.io', '', invalidMessage('TokenRequest', 'authentication.k8s.io', '', causes), causes);
  const account = objectOf('serviceaccounts', namespace, name);
  if (!account) throw errors.notFound('', 'serviceaccounts', name);
  const boundObjectRef = request.spec?.boundObjectRef ?? null;
  const bound = boundObjectRef ? boundObjects(boundObjectRef, namespace, name, objectOf) : {};
  const audiences = request.spec?.audiences?.length ? request.spec.audiences : [SERVICE_ACCOUNT_ISSUER];
  const { token, expiresAt } = await tokens.issue(account, audiences, expirationSeconds, now, bound);
  return {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { name: account.metadata.name, namespace: account.metadata.namespace, creationTimestamp: rfc3339(now) },
    spec: { audiences, expirationSeconds, boundObjectRef },
    status: { token, expirationTimestamp: rfc3339(expiresAt) },
  };
}

/** Upstream's binding: a Pod of this account (with its node), a Secret, or a Node, which must exist with the uid asked, if one is. */
function boundObjects(ref: BoundObjectRef, namespace: string, account: string, objectOf: ObjectLookup): BoundObjects {
  const { group, version } = parseApiVersion(ref.apiVersion ?? '');
  const kind = ref.kind ?? '';
  const name = ref.name ?? '';
  const find = (resource: string, ns: string) => {
    const found = objectOf(resource, ns, name);
    if (!found) throw errors.notFound('', resource, name);
    // Go's GroupResource{Resource: Kind}.String(), as upstream builds the conflict.
    if (ref.uid && found.metadata.uid !== ref.uid) {
      throw errors.conflict('', kind, name, `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`);
    }
    return { name, uid: found.metadata.uid ?? '' };
  };
  if (group === '' && kind === 'Pod') {
    const pod = objectOf('pods', namespace, name);
    if (pod && (pod.spec as { serviceAccountName?: string } | undefined)?.serviceAccountName !== account) {
      throw errors.badRequest(`cannot bind token for serviceaccount "${account}" to pod running with different serviceaccount name.`);
    }
    const bound = find('pods', namespace);
    const nodeName = (pod?.spec as { nodeName?: string } | undefined)?.nodeName;
    // The pod's node is named for information; its uid only if the Node exists.
    const node = nodeName ? objectOf('nodes', '', nodeName) : undefined;
    return { pod: bound, ...(nodeName ? { node: { name: nodeName, ...(node?.metadata.uid ? { uid: node.metadata.uid } : {}) } } : {}) };
  }
  if (group === '' && kind === 'Secret') return { secret: find('secrets', namespace) };
  if (group === '' && kind === 'Node') return { node: find('nodes', '') };
  throw errors.badRequest(`cannot bind token for serviceaccount "${account}" to object of type ${group}/${version}, Kind=${kind}`);
}
