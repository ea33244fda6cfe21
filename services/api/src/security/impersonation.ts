import { errors } from '@kronicle/object-lifecycle';
import type { UserInfo } from './bearer-token';

const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';

/**
 * Who a request acts as, as upstream's impersonation filter decides it: the authenticated user, or
 * the one its `Impersonate-User` header names (kubectl `--as`), with the `Impersonate-Group` groups
 * (`--as-group`; a service account's own groups when none are given) and `system:authenticated`
 * (`system:unauthenticated` for `system:anonymous`).
 * The authenticated user is the cluster admin, whom upstream lets impersonate anyone.
 *
 * Node joins a repeated header's values with ", ", so a group name holding ", " would be split.
 */
export function actingUser(headers: Record<string, string | undefined>, authenticated: UserInfo): { user: UserInfo; impersonator?: string } {
  const username = headers['impersonate-user'];
  const groups = headers['impersonate-group']?.split(',').map((g) => g.trim()) ?? [];
  const asked = groups.length > 0 || headers['impersonate-uid'] !== undefined || Object.keys(headers).some((h) => h.startsWith('impersonate-extra-'));
  if (username === undefined) {
    if (asked) throw errors.internal('requested groups, uid or extra without impersonating a user (Impersonate-User)');
    return { user: authenticated };
  }
  if (groups.length === 0 && username.startsWith(SERVICE_ACCOUNT_PREFIX)) {
    const namespace = username.slice(SERVICE_ACCOUNT_PREFIX.length).split(':')[0];
    groups.push('system:serviceaccounts', `system:serviceaccounts:${namespace}`);
  }
  // The anonymous user is the one unauthenticated user.
  const everyone = username === 'system:anonymous' ? 'system:unauthenticated' : 'system:authenticated';
  if (!groups.includes(everyone)) groups.push(everyone);
  return { user: { username, groups }, impersonator: authenticated.username };
}
