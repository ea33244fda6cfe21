/** IPv4 CIDR arithmetic for the service address range. IPv6 service ranges are not supported yet. */
export interface Ipv4Range {
  cidr: string;
  /** First and last usable addresses as integers (network and broadcast excluded, as upstream's allocator does). */
  first: number;
  last: number;
}

export function parseIpv4(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

export function parseCidr(cidr: string): Ipv4Range {
  const [address, bits] = cidr.split('/');
  const base = parseIpv4(address);
  const prefix = Number(bits);
  if (base === undefined || !Number.isInteger(prefix) || prefix < 1 || prefix > 30) throw new Error(`invalid service CIDR ${cidr}`);
  const size = 2 ** (32 - prefix);
  const network = base - (base % size);
  return { cidr, first: network + 1, last: network + size - 2 };
}

export function inRange(range: Ipv4Range, ip: number): boolean {
  return ip >= range.first && ip <= range.last;
}
