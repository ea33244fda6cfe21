import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kronicle/contracts';
import { findResource } from '@kronicle/kube-resources';
import { refusalOf, toResourceInfo, type ResourceInfo } from '@kronicle/object-lifecycle';
import { ALLOWED_REASON, answerReview, isReview } from './access-reviews';
import { ADMIN_USER } from './bearer-token';

const now = new Date('2026-11-30T01:00:00Z');
const admin = ADMIN_USER;
const info = (group: string, resource: string): ResourceInfo => toResourceInfo(findResource(group, 'v1', resource)!);
const ssar = info('authorization.k8s.io', 'selfsubjectaccessreviews');
const sar = info('authorization.k8s.io', 'subjectaccessreviews');
const lsar = info('authorization.k8s.io', 'localsubjectaccessreviews');
const podsInDefault = { resourceAttributes: { namespace: 'default', verb: 'create', resource: 'pods' } };

const review = (kind: string, body: object) => ({ apiVersion: 'authorization.k8s.io/v1', kind, metadata: {}, ...body }) as KubeObject;

describe('access reviews', () => {
  it('are the reviews of authentication.k8s.io and authorization.k8s.io, and nothing that is stored', () => {
    expect(isReview(info('authentication.k8s.io', 'selfsubjectreviews'))).toBe(true);
    expect(isReview(ssar)).toBe(true);
    expect(isReview(info('', 'pods'))).toBe(false);
    expect(isReview(info('rbac.authorization.k8s.io', 'roles'))).toBe(false);
  });

  it('tell the requester who they are: the admin, in system:masters', () => {
    const answer = answerReview(info('authentication.k8s.io', 'selfsubjectreviews'), undefined, { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview', metadata: {} }, admin, now);
    expect(answer).toEqual({
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'SelfSubjectReview',
      metadata: { creationTimestamp: '2026-11-30T01:00:00Z' },
      status: { userInfo: { username: 'admin', groups: ['system:masters', 'system:authenticated'] } },
    });
  });

  it('allow every access, for the requester or anyone, saying why', () => {
    expect(answerReview(ssar, undefined, review('SelfSubjectAccessReview', { spec: podsInDefault }), admin, now)).toEqual({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      metadata: { creationTimestamp: null },
      spec: podsInDefault,
      status: { allowed: true, reason: ALLOWED_REASON },
    });
    expect(answerReview(sar, undefined, review('SubjectAccessReview', { spec: { user: 'jane', nonResourceAttributes: { path: '/healthz', verb: 'get' } } }), admin, now).status).toEqual({ allowed: true, reason: ALLOWED_REASON });
    expect(answerReview(lsar, 'default', review('LocalSubjectAccessReview', { metadata: {}, spec: { groups: ['devs'], ...podsInDefault } }), admin, now).metadata).toEqual({ namespace: 'default', creationTimestamp: null });
  });

  it('list the rules of a requester allowed everything', () => {
    const answer = answerReview(info('authorization.k8s.io', 'selfsubjectrulesreviews'), undefined, review('SelfSubjectRulesReview', { spec: { namespace: 'default' } }), admin, now);
    expect(answer.status).toEqual({
      resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
      nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
      incomplete: false,
    });
    expect(refusalOf(() => answerReview(info('authorization.k8s.io', 'selfsubjectrulesreviews'), undefined, review('SelfSubjectRulesReview', { spec: {} }), admin, now))).toMatchObject({ code: 400, message: 'no namespace on request' });
  });

  it('refuse, as upstream validation does, a review that asks nothing answerable', () => {
    expect(refusalOf(() => answerReview(ssar, undefined, review('SelfSubjectAccessReview', { spec: {} }), admin, now))).toMatchObject({
      code: 422,
      reason: 'Invalid',
      message: 'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: null: exactly one of nonResourceAttributes or resourceAttributes must be specified',
    });
    expect(refusalOf(() => answerReview(ssar, undefined, review('SelfSubjectAccessReview', { spec: { ...podsInDefault, nonResourceAttributes: { path: '/healthz', verb: 'get' } } }), admin, now)).message).toBe(
      'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.nonResourceAttributes: Invalid value: {"path":"/healthz","verb":"get"}: cannot be specified in combination with resourceAttributes',
    );
    expect(refusalOf(() => answerReview(sar, undefined, review('SubjectAccessReview', { metadata: { name: 'mine' }, spec: podsInDefault }), admin, now)).message).toBe(
      'SubjectAccessReview.authorization.k8s.io "" is invalid: [spec.user: Invalid value: "": at least one of user or group must be specified, metadata: Invalid value: {"name":"mine","creationTimestamp":null}: must be empty]',
    );
    expect(refusalOf(() => answerReview(lsar, 'default', review('LocalSubjectAccessReview', { spec: { user: 'jane', nonResourceAttributes: { path: '/healthz', verb: 'get' } } }), admin, now)).message).toBe(
      'LocalSubjectAccessReview.authorization.k8s.io "" is invalid: spec.nonResourceAttributes: Invalid value: {"path":"/healthz","verb":"get"}: disallowed on this kind of request',
    );
    expect(refusalOf(() => answerReview(lsar, 'default', review('LocalSubjectAccessReview', { metadata: { namespace: 'kube-system' }, spec: { user: 'jane', ...podsInDefault } }), admin, now))).toMatchObject({
      code: 400,
      message: 'the namespace of the provided object does not match the namespace sent on the request',
    });
  });
});
