/** IPv4 address as a number and back. */
const toNumber = (ip: string) => ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
const toIp = (n: number) => `${Math.floor(n / 2 ** 24) % 256}.${Math.floor(n / 2 ** 16) % 256}.${Math.floor(n / 2 ** 8) % 256}.${n % 256}`;

/** The first free address of the node's podCIDR, skipping the network address and .1 (the bridge). */
export function allocatePodIp(podCIDR: string, used: Iterable<string>): string | undefined {
  const [base, bits] = podCIDR.split('/');
  const size = 2 ** (32 - Number(bits));
  const start = toNumber(base);
  const taken: ReadonlySet<string> = used instanceof Set ? used : new Set(used);
  for (let offset = 2; offset < size - 1; offset++) {
    const ip = toIp(start + offset);
    if (!taken.has(ip)) return ip;
  }
  return undefined;
}

export function cidrContains(podCIDR: string, ip: string): boolean {
  const [base, bits] = podCIDR.split('/');
  const size = 2 ** (32 - Number(bits));
  const offset = toNumber(ip) - toNumber(base);
  return offset >= 0 && offset < size;
}
