import type { KubeObject } from '@kronicle/contracts';
import { type FieldCause, fieldInvalid, goJson, invalidMessage } from '@kronicle/kube-validation';
import { checkBodyMatchesRequest, errors, rfc3339, type ResourceInfo } from '@kronicle/object-lifecycle';
import type { UserInfo } from './bearer-token';

/** Why every access review says yes. Upstream's answer for system:masters carries no reason; this one says why. */
export const ALLOWED_REASON = 'Kronicle enforces no authorization: every authenticated request is allowed';

/**
 * The reviews of `authentication.k8s.io` and `authorization.k8s.io` (`kubectl auth whoami`, `kubectl
 * auth can-i`): questions answered at once and kept nowhere, as upstream keeps them nowhere. Not
 * object changes, so nothing of them goes to the log.
 */
const reviews: Record<string, (review: Review, user: UserInfo, now: Date) => Answer> = {
  'authentication.k8s.io/selfsubjectreviews': (review, user, now) => ({
    kind: 'SelfSubjectReview',
    apiVersion: review.apiVersion,
    metadata: { creationTimestamp: rfc3339(now) },
    status: { userInfo: user },
  }),
  'authorization.k8s.io/selfsubjectaccessreviews': (review) => {
    invalidIfAny(review, [...accessSpecCauses(review.spec), ...emptyMetadataCauses(review.metadata, 'must be empty')]);
    return allowed(review);
  },
  'authorization.k8s.io/subjectaccessreviews': (review) => {
    invalidIfAny(review, [...accessSpecCauses(review.spec), ...subjectCauses(review.spec), ...emptyMetadataCauses(review.metadata, 'must be empty')]);
    return allowed(review);
  },
  'authorization.k8s.io/localsubjectaccessreviews': (review) => {
    const attributes = review.spec?.resourceAttributes;
    invalidIfAny(review, [
      ...accessSpecCauses(review.spec),
      ...subjectCauses(review.spec),
      ...emptyMetadataCauses({ ...review.metadata, namespace: undefined }, 'must be empty except for namespace', review.metadata),
      ...(attributes && (attributes.namespace ?? '') !== (review.metadata?.namespace ?? '')
        ? [fieldInvalid('spec.resourceAttributes.namespace', attributes.namespace ?? '', 'must match metadata.namespace')]
        : []),
      ...(review.spec?.nonResourceAttributes ? [fieldInvalid('spec.nonResourceAttributes', goJson(review.spec.nonResourceAttributes), 'disallowed on this kind of request')] : []),
    ]);
    return allowed(review);
  },
  'authorization.k8s.io/selfsubjectrulesreviews': (review) => {
    if (!review.spec?.namespace) throw errors.badRequest('no namespace on request');
    return {
      ...review,
      metadata: { ...review.metadata, creationTimestamp: null },
      status: {
        resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
        nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
        incomplete: false,
      },
    };
  },
};

interface AccessSpec {
  resourceAttributes?: { namespace?: string };
  nonResourceAttributes?: object;
  user?: string;
  groups?: string[];
  namespace?: string;
}
interface Review {
  apiVersion: string;
  kind: string;
  metadata?: Record<string, unknown> & { namespace?: string };
  spec?: AccessSpec;
}
/** A review with its status: never stored, so not a KubeObject of the cache. */
export type Answer = Review & { status: unknown };

export function isReview(resource: ResourceInfo): boolean {
  return `${resource.group}/${resource.resource}` in reviews;
}

/**
 * The review of `body` posted to `resource` (in `namespace`, for the one namespaced review), with its
 * status filled in; a 422 or 400 as upstream's for a review that asks nothing answerable.
 */
export function answerReview(resource: ResourceInfo, namespace: string | undefined, body: KubeObject, user: UserInfo, now: Date): Answer {
  const answer = reviews[`${resource.group}/${resource.resource}`];
  if (!answer) throw new Error(`${resource.group}/${resource.resource} is not a review`);
  checkBodyMatchesRequest(resource, body, namespace);
  const review: Review = { ...(body as Partial<Review>), apiVersion: body.apiVersion ?? `${resource.group}/${resource.version}`, kind: body.kind ?? resource.kind };
  // The namespaced review takes the request's namespace, as every create does.
  if (resource.namespaced) review.metadata = { ...review.metadata, namespace };
  return answer(review, user, now);
}

function allowed(review: Review): Answer {
  return { ...review, metadata: { ...review.metadata, creationTimestamp: null }, status: { allowed: true, reason: ALLOWED_REASON } };
}

/** Upstream's ValidateSubjectAccessReviewSpec, the part every access review shares. */
function accessSpecCauses(spec: AccessSpec | undefined): FieldCause[] {
  if (spec?.resourceAttributes && spec.nonResourceAttributes) {
    return [fieldInvalid('spec.nonResourceAttributes', goJson(spec.nonResourceAttributes), 'cannot be specified in combination with resourceAttributes')];
  }
  if (!spec?.resourceAttributes && !spec?.nonResourceAttributes) {
    return [fieldInvalid('spec.resourceAttributes', null, 'exactly one of nonResourceAttributes or resourceAttributes must be specified')];
  }
  return [];
}

/** A review about someone else must say whom. */
function subjectCauses(spec: AccessSpec | undefined): FieldCause[] {
  return spec?.user || spec?.groups?.length ? [] : [fieldInvalid('spec.user', spec?.user ?? '', 'at least one of user or group must be specified')];
}

/** Reviews have no name, labels or anything else of an object kept: upstream refuses metadata beyond an empty one. */
function emptyMetadataCauses(metadata: Record<string, unknown> | undefined, detail: string, shown = metadata): FieldCause[] {
  const set = Object.entries(metadata ?? {}).filter(([key, value]) => key !== 'managedFields' && key !== 'creationTimestamp' && value !== undefined && value !== null && value !== '');
  return set.length === 0 ? [] : [fieldInvalid('metadata', goJson(inGoOrder({ ...shown, creationTimestamp: null })), detail)];
}

/** ObjectMeta's fields in the order Go's encoding/json prints them (its struct's). */
const OBJECT_META_FIELDS = ['name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields'];
const inGoOrder = (metadata: Record<string, unknown>) => Object.fromEntries(OBJECT_META_FIELDS.filter((f) => f in metadata).map((f) => [f, metadata[f]]));

function invalidIfAny(review: Review, causes: FieldCause[]): void {
  if (causes.length === 0) return;
  const [group] = review.apiVersion.split('/');
  throw errors.invalid(review.kind, group, '', invalidMessage(review.kind, group, '', causes), causes);
}
