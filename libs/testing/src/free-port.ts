import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * Ports are drawn below the kernel's ephemeral range: a port from `listen(0)` lies inside it, and
 * between the draw and the service's own listen any outgoing connection (a pool connecting to
 * Postgres) may take it as its local port, after which the service cannot bind it and the mesh
 * never comes up. Below the range only another listener can take it.
 */
function candidateRange(): [low: number, high: number] {
  let ephemeralLow = 32768;
  try {
    ephemeralLow = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || ephemeralLow;
  } catch {
    // Not Linux: keep the IANA default range's start.
  }
  const high = Math.min(ephemeralLow, 49152) - 1;
  return [Math.max(10000, high - 15000), high];
}

/** Ports this process handed out, so two draws never give the same one before it is bound. */
const handedOut = new Set<number>();

function listens(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A TCP port on 127.0.0.1 that was free a moment ago, for a test's own server or service. */
export async function freePort(): Promise<number> {
  const [low, high] = candidateRange();
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low + 1));
    if (handedOut.has(port)) continue;
    // Reserved before the check, so that concurrent draws cannot both take it.
    handedOut.add(port);
    if (await listens(port)) return port;
    handedOut.delete(port);
  }
  throw new Error(`no free port found between ${low} and ${high}`);
}
