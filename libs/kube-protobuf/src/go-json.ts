// How Go's encoding/json prints the apimachinery types whose protobuf form differs from their JSON form.

/** Go's `time.Duration.String()`: "1m0s", "1h2m3.5s", "1.5µs", "0s". */
export function goDurationString(nanoseconds: bigint): string {
  if (nanoseconds === 0n) return '0s';
  const sign = nanoseconds < 0n ? '-' : '';
  let rest = nanoseconds < 0n ? -nanoseconds : nanoseconds;
  if (rest < 1_000n) return `${sign}${rest}ns`;
  if (rest < 1_000_000n) return `${sign}${decimal(rest, 1_000n)}µs`;
  if (rest < 1_000_000_000n) return `${sign}${decimal(rest, 1_000_000n)}ms`;
  const hours = rest / 3_600_000_000_000n;
  rest %= 3_600_000_000_000n;
  const minutes = rest / 60_000_000_000n;
  rest %= 60_000_000_000n;
  const h = hours > 0n ? `${hours}h` : '';
  const m = hours > 0n || minutes > 0n ? `${minutes}m` : '';
  return `${sign}${h}${m}${decimal(rest, 1_000_000_000n)}s`;
}

/** value/scale with the fraction's trailing zeros trimmed, as Go's fmtFrac does. */
function decimal(value: bigint, scale: bigint): string {
  const whole = value / scale;
  const fraction = value % scale;
  if (fraction === 0n) return `${whole}`;
  const digits = scale.toString().length - 1;
  return `${whole}.${fraction.toString().padStart(digits, '0').replace(/0+$/, '')}`;
}

/** Seconds of Go's zero time.Time (0001-01-01T00:00:00Z) since the Unix epoch. */
const GO_ZERO_TIME_SECONDS = -62135596800;

/**
 * metav1.Time as JSON: RFC 3339 in UTC with whole seconds (`2026-01-01T00:00:00Z`); the zero time is `null`.
 * metav1.MicroTime: the same with six fractional digits (`2026-01-01T00:00:00.123456Z`).
 */
export function goTimeJson(seconds: number | undefined, nanos: number | undefined, micro: boolean): string | null {
  const s = seconds ?? 0;
  const n = nanos ?? 0;
  if ((seconds === undefined && nanos === undefined) || (s === GO_ZERO_TIME_SECONDS && n === 0)) return null;
  const date = new Date(s * 1000);
  if (Number.isNaN(date.getTime())) throw new RangeError(`time out of range: ${s}s`);
  const base = date.toISOString().slice(0, 19);
  return micro ? `${base}.${String(Math.floor(n / 1000)).padStart(6, '0')}Z` : `${base}Z`;
}
