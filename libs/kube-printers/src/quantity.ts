const binarySuffixes = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const decimalSuffixes: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const decimalSuffixByExponent = new Map(Object.entries(decimalSuffixes).map(([suffix, exponent]) => [exponent, suffix]));

/**
 * Upstream's `resource.Quantity.String()` of a quantity as written by a user: the canonical form
 * kubectl shows ("1536Mi" for "1.5Gi", "1500m" for "1.5"). Text that does not parse is returned as is.
 */
export function canonicalQuantity(text: string): string {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/.exec(text);
  if (!match || (match[2] === '' && !match[3])) return text;
  const [, sign, whole, fraction = '', suffix = ''] = match;
  // value = digits / 10^fraction.length, then scaled by the suffix; kept exact as numerator / denominator.
  let numerator = BigInt(whole + fraction || '0');
  let denominator = 10n ** BigInt(fraction.length);
  const binary = binarySuffixes.indexOf(suffix);
  const exponentNotation = /^[eE]/.test(suffix) && suffix.length > 1;
  if (binary > 0) numerator *= 1024n ** BigInt(binary);
  else {
    const exponent = exponentNotation ? Number(suffix.slice(1)) : decimalSuffixes[suffix]!;
    if (exponent >= 0) numerator *= 10n ** BigInt(exponent);
    else denominator *= 10n ** BigInt(-exponent);
  }
  const negative = sign === '-' && numerator !== 0n;
  // Quantities keep nano precision and round up what is finer.
  const nanos = (numerator * 1_000_000_000n + denominator - 1n) / denominator;
  const body = binary > 0 && nanos >= 1024n * 1_000_000_000n && nanos % 1_000_000_000n === 0n
    ? binaryForm(nanos / 1_000_000_000n)
    : decimalForm(nanos, exponentNotation);
  return (negative ? '-' : '') + body;
}

function binaryForm(value: bigint): string {
  let power = 0;
  while (power < binarySuffixes.length - 1 && value % 1024n === 0n) {
    value /= 1024n;
    power++;
  }
  return `${value}${binarySuffixes[power]}`;
}

function decimalForm(nanos: bigint, exponentNotation: boolean): string {
  if (nanos === 0n) return '0';
  let mantissa = nanos;
  let exponent = -9;
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent++;
  }
  // Exponents are multiples of three ("1500m", never "15e-1").
  const extra = ((exponent % 3) + 3) % 3;
  mantissa *= 10n ** BigInt(extra);
  exponent -= extra;
  if (exponentNotation) return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
  const suffix = decimalSuffixByExponent.get(exponent);
  if (suffix !== undefined) return `${mantissa}${suffix}`;
  return `${mantissa}${'0'.repeat(exponent - 18)}E`;
}
