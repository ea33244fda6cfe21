/** Upstream's `validation.FieldManagerMaxLength`. */
const MAX_LENGTH = 128;

/**
 * Upstream's `managerOrUserAgent`: the `fieldManager` query parameter, else the user agent up to its
 * first `/` (`kubectl/v1.32.0 (linux/amd64) …` → `kubectl`), without unprintable characters, cut at 128 bytes.
 */
export function managerOrUserAgent(fieldManager: string | undefined, userAgent: string | undefined): string {
  if (fieldManager) return fieldManager;
  let name = '';
  for (const character of (userAgent ?? '').split('/')[0]) {
    if (/\p{C}/u.test(character)) continue;
    if (Buffer.byteLength(name + character) > MAX_LENGTH) break;
    name += character;
  }
  return name;
}
