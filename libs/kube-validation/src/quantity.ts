/**
 * Kubernetes `resource.Quantity` (apimachinery/pkg/api/resource): parsing, comparison and the
 * canonical form the apiserver stores (`1000m` → `1`, `1024Mi` → `1Gi`, `0.1` → `100m`).
 * Written here because no maintained npm package implements it exactly: @kubernetes/client-node's
 * `quantityToScalar` goes through floating point and has no canonical form.
 * Values are exact: `unscaled × 10^scale` with bigint arithmetic.
 */
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  unscaled: bigint;
  scale: number;
  format: QuantityFormat;
}

export const QUANTITY_FORMAT_ERROR =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
export const QUANTITY_SUFFIX_ERROR = "unable to parse quantity's suffix";

const decimalSuffixes: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const decimalSuffixOf = new Map(Object.entries(decimalSuffixes).map(([suffix, scale]) => [scale, suffix]));
const binarySuffixes: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const shape = /^([+-]?)(\d+\.?\d*|\.\d+)([eEinumkKMGTP]*[-+]?\d*)$/;

// Writes repeat the same few amounts (`100m`, `128Mi`), and a parse is costly (regex, bigint).
const parsed = new Map<string, Quantity>();
const PARSED_LIMIT = 1024;

/** Parses a quantity; throws upstream's error message when it is malformed. The result is frozen: it may be shared. */
export function parseQuantity(input: string | number): Quantity {
  const text = String(input);
  let q = parsed.get(text);
  if (q) return q;
  q = Object.freeze(parseText(text));
  if (parsed.size >= PARSED_LIMIT) parsed.clear();
  parsed.set(text, q);
  return q;
}

function parseText(text: string): Quantity {
  const match = shape.exec(text);
  if (!match) throw new Error(QUANTITY_FORMAT_ERROR);
  const [, sign, number, suffix] = match;
  const [whole, fraction = ''] = number.split('.');
  let unscaled = BigInt(`${whole}${fraction}` || '0') * (sign === '-' ? -1n : 1n);
  let scale = -fraction.length;
  let format: QuantityFormat;
  if (suffix in decimalSuffixes) {
    format = 'DecimalSI';
    scale += decimalSuffixes[suffix];
  } else if (suffix in binarySuffixes) {
    format = 'BinarySI';
    unscaled *= 1024n ** BigInt(binarySuffixes[suffix]);
  } else if (/^[eE][-+]?\d+$/.test(suffix)) {
    format = 'DecimalExponent';
    scale += Number(suffix.slice(1));
  } else {
    throw new Error(QUANTITY_SUFFIX_ERROR);
  }
  return roundUpToNano({ unscaled, scale, format });
}

export function isQuantity(input: unknown): boolean {
  if (typeof input !== 'string' && typeof input !== 'number') return false;
  try {
    parseQuantity(input);
    return true;
  } catch {
    return false;
  }
}

// Upstream keeps at most nano precision, rounding away from zero.
const roundUpToNano = (q: Quantity) => roundUp(q, -9);

/** Upstream `Quantity.RoundUp(scale)`: drops precision finer than 10^scale, rounding away from zero. */
export function roundUp(q: Quantity, scale: number): Quantity {
  if (q.scale >= scale) return q;
  const divisor = 10n ** BigInt(scale - q.scale);
  let unscaled = q.unscaled / divisor;
  if (unscaled * divisor !== q.unscaled) unscaled += q.unscaled < 0n ? -1n : 1n;
  return { ...q, unscaled, scale };
}

function aligned(a: Quantity, b: Quantity): [bigint, bigint] {
  const scale = Math.min(a.scale, b.scale);
  return [a.unscaled * 10n ** BigInt(a.scale - scale), b.unscaled * 10n ** BigInt(b.scale - scale)];
}

/** -1, 0 or 1, like upstream's `Quantity.Cmp`. */
export function compareQuantities(a: Quantity | string, b: Quantity | string): number {
  const [x, y] = aligned(asQuantity(a), asQuantity(b));
  return x < y ? -1 : x > y ? 1 : 0;
}

function asQuantity(q: Quantity | string): Quantity {
  return typeof q === 'string' ? parseQuantity(q) : q;
}

export function quantitySign(q: Quantity | string): number {
  const { unscaled } = asQuantity(q);
  return unscaled < 0n ? -1 : unscaled > 0n ? 1 : 0;
}

/** Upstream `MilliValue()`: the value in thousandths, rounded up. */
export function milliValue(q: Quantity | string): bigint {
  const { unscaled, scale } = asQuantity(q);
  const shift = scale + 3;
  if (shift >= 0) return unscaled * 10n ** BigInt(shift);
  const divisor = 10n ** BigInt(-shift);
  const result = unscaled / divisor;
  return result * divisor === unscaled || unscaled < 0n ? result : result + 1n;
}

/** Upstream `Value()`: the integer value, rounded up. */
export function quantityValue(q: Quantity | string): bigint {
  const milli = milliValue(q);
  const whole = milli / 1000n;
  return whole * 1000n === milli || milli < 0n ? whole : whole + 1n;
}

/** Upstream `Quantity.String()`: the canonical form the apiserver stores and returns. */
export function formatQuantity(input: Quantity | string): string {
  const q = asQuantity(input);
  if (q.unscaled === 0n) return '0';
  if (q.format === 'BinarySI') {
    const binary = formatBinary(q);
    if (binary) return binary;
  }
  return formatDecimal(q, q.format === 'DecimalExponent');
}

/** Parses and prints in canonical form. */
export function canonicalQuantity(input: string | number): string {
  return formatQuantity(parseQuantity(input));
}

// Binary form only for whole numbers of at least 1024 in magnitude; upstream prints the rest as DecimalSI.
function formatBinary(q: Quantity): string | undefined {
  if (q.scale < 0) {
    const divisor = 10n ** BigInt(-q.scale);
    if (q.unscaled % divisor !== 0n) return undefined;
  }
  let value = q.scale >= 0 ? q.unscaled * 10n ** BigInt(q.scale) : q.unscaled / 10n ** BigInt(-q.scale);
  if (value > -1024n && value < 1024n) return undefined;
  const suffixes = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
  let power = 0;
  while (power < 6 && value % 1024n === 0n) {
    value /= 1024n;
    power++;
  }
  return `${value}${suffixes[power]}`;
}

function formatDecimal(q: Quantity, exponentForm: boolean): string {
  let { unscaled, scale } = q;
  while (unscaled % 10n === 0n) {
    unscaled /= 10n;
    scale++;
  }
  const remainder = ((scale % 3) + 3) % 3;
  unscaled *= 10n ** BigInt(remainder);
  scale -= remainder;
  if (exponentForm) return scale === 0 ? `${unscaled}` : `${unscaled}e${scale}`;
  const suffix = decimalSuffixOf.get(scale);
  return suffix === undefined ? `${unscaled}e${scale}` : `${unscaled}${suffix}`;
}
