import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The admin bearer token, generated once and kept in `<home>/token`. */
export function ensureAdminToken(home: string): string {
  const path = join(home, 'token');
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const token = randomBytes(32).toString('base64url');
  writeFileSync(path, `${token}\n`, { mode: 0o600 });
  return token;
}

/** Who a request's user is, as upstream's `user.Info`. */
export interface UserInfo {
  username: string;
  groups: string[];
}

/**
 * The user the admin token authenticates. Kronicle authenticates that one token and authorizes
 * nothing further: its user is in `system:masters`, the group upstream lets do anything whatever
 * RBAC says.
 */
export const ADMIN_USER: UserInfo = { username: 'admin', groups: ['system:masters', 'system:authenticated'] };

/** The bearer token of an Authorization header, if it has one. */
export function bearerToken(header: string | undefined): string | undefined {
  return header?.match(/^Bearer\s+(.+)$/i)?.[1].trim();
}

/** True when the Authorization header carries the expected bearer token. */
export function isAuthorized(header: string | undefined, token: string): boolean {
  const bearer = bearerToken(header);
  if (!bearer) return false;
  const given = Buffer.from(bearer);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
