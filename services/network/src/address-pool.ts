/** An IPv4 pool as MetalLB's address ranges: `a.b.c.d-e.f.g.h` or CIDRs, comma-separated. */
export interface AddressPool {
  /** Every address, in order. */
  addresses: string[];
  has(ip: string): boolean;
}

const toInt = (ip: string) => {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`not an IPv4 address: ${ip}`);
  return parts.reduce((n, p) => n * 256 + p, 0);
};
const toIp = (n: number) => [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');

/** Parses `KRONICLE_LB_POOL`; an empty string is an empty pool (every LoadBalancer stays pending). */
export function parseAddressPool(spec: string): AddressPool {
  const addresses: string[] = [];
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    let first: number;
    let last: number;
    if (part.includes('/')) {
      const [base, bits] = part.split('/');
      const size = 2 ** (32 - Number(bits));
      first = Math.floor(toInt(base) / size) * size;
      last = first + size - 1;
    } else {
      const [a, b = a] = part.split('-').map((s) => s.trim());
      [first, last] = [toInt(a), toInt(b)];
    }
    if (last < first || last - first > 65_535) throw new Error(`bad address range: ${part}`);
    for (let n = first; n <= last; n++) addresses.push(toIp(n));
  }
  const set = new Set(addresses);
  return { addresses, has: (ip) => set.has(ip) };
}
