/** Upstream's `rand.SafeEncodeString` alphabet: no vowels, no 0/1/3 that could spell words. */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** FNV-1a, 32 bit, as upstream's pod-template hash uses. */
export function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  // Indexed: iterating a Buffer costs microseconds per pod name.
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
  return hash >>> 0;
}

/** Upstream `rand.SafeEncodeString`: each character mapped into the safe alphabet. */
export function safeEncode(text: string): string {
  return Array.from(Buffer.from(text, 'utf8'), (b) => ALPHANUMS[b % ALPHANUMS.length]).join('');
}

/**
 * Five characters for a pod name, derived from a seed so reconcile stays pure (upstream picks them
 * at random in the API's generateName). A different seed per attempt avoids names in use.
 */
export function nameSuffix(seed: string): string {
  let n = fnv32a(seed);
  let out = '';
  for (let i = 0; i < 5; i++) {
    out += ALPHANUMS[n % ALPHANUMS.length];
    n = Math.floor(n / ALPHANUMS.length) ^ fnv32a(`${seed}/${i}`);
    n >>>= 0;
  }
  return out;
}
