import { describe, expect, it } from 'vitest';
import { refusalOf } from '@kronicle/object-lifecycle';
import { ADMIN_USER } from './bearer-token';
import { actingUser } from './impersonation';

const admin = ADMIN_USER;

describe('who a request acts as', () => {
  it('is the authenticated user without impersonation headers', () => {
    expect(actingUser({ authorization: 'Bearer x' }, admin)).toEqual({ user: admin });
  });

  it('is the impersonated user (kubectl --as), with the groups asked for and system:authenticated, the admin recorded as impersonator', () => {
    expect(actingUser({ 'impersonate-user': 'jane' }, admin)).toEqual({ user: { username: 'jane', groups: ['system:authenticated'] }, impersonator: 'admin' });
    // Node joins a repeated header's values with ", " (kubectl --as-group=devs --as-group=ops).
    expect(actingUser({ 'impersonate-user': 'jane', 'impersonate-group': 'devs, ops' }, admin).user).toEqual({ username: 'jane', groups: ['devs', 'ops', 'system:authenticated'] });
    expect(actingUser({ 'impersonate-user': 'jane', 'impersonate-group': 'system:authenticated' }, admin).user.groups).toEqual(['system:authenticated']);
    expect(actingUser({ 'impersonate-user': 'system:anonymous' }, admin).user.groups).toEqual(['system:unauthenticated']);
  });

  it("gives an impersonated service account its own groups when none are asked for, as upstream does", () => {
    expect(actingUser({ 'impersonate-user': 'system:serviceaccount:ci:builder' }, admin).user).toEqual({
      username: 'system:serviceaccount:ci:builder',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:ci', 'system:authenticated'],
    });
  });

  it('is refused when groups, uid or extras are asked for without a user, as upstream refuses it', () => {
    for (const headers of [{ 'impersonate-group': 'devs' }, { 'impersonate-uid': '42' }, { 'impersonate-extra-scopes': 'view' }]) {
      expect(refusalOf(() => actingUser(headers, admin))).toMatchObject({ code: 500, reason: 'InternalError' });
    }
  });
});
