import { readFileSync, readdirSync } from 'node:fs';
import { Client } from 'pg';
import { ownChildren } from './api-create-latency';

/**
 * The processes a mesh run involves, read from /proc: each service the supervisor runs (found as the
 * supervisor's children, named by their entry point), the Postgres backends of the run's database
 * (named by `application_name`) and the NATS server. Peak memory is VmHWM, the kernel's high-water
 * mark of the resident set; CPU is utime + stime, so a difference of two samples is the CPU a
 * process used in between.
 */
export interface ProcessSample {
  name: string;
  pid: number;
  /** Peak resident set (VmHWM), kB; 0 where /proc does not tell (another user's process). */
  peakRssKb: number;
  rssKb: number;
  /** CPU seconds used since the process started. */
  cpuSeconds: number;
}

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on every Linux this runs on). */
const ticksPerSecond = 100;

export function sampleProcess(name: string, pid: number): ProcessSample | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may contain spaces) start at field 3; utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    return { name, pid, peakRssKb: kb('VmHWM'), rssKb: kb('VmRSS'), cpuSeconds: (Number(fields[11]) + Number(fields[12])) / ticksPerSecond };
  } catch {
    return undefined; // gone, or not ours to read
  }
}

/** The supervisor this process started, and the services it runs, named after `services/<name>/`. */
export function meshServicePids(): { name: string; pid: number }[] {
  const supervisors = ownChildren('tools/supervisor/dist/main.js');
  const found = supervisors.map((pid) => ({ name: 'supervisor', pid }));
  for (const supervisor of supervisors) {
    for (const pid of ownChildren('/dist/main.js', supervisor)) {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      found.push({ name: /services\/([^/]+)\/dist\/main\.js/.exec(cmdline)?.[1] ?? `pid ${pid}`, pid });
    }
  }
  return found;
}

/** Postgres backends connected to `databaseUrl`'s database, named `pg:<application_name>`. */
export async function postgresBackendPids(databaseUrl: string): Promise<{ name: string; pid: number }[]> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'bench-observer' });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number; app: string }>(
      'SELECT pid, application_name AS app FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    return rows.map((r) => ({ name: `pg:${r.app || 'unnamed'}`, pid: r.pid }));
  } finally {
    await client.end();
  }
}

/** The NATS server(s) on this machine, by command name. */
export function natsServerPids(): { name: string; pid: number }[] {
  const found: { name: string; pid: number }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'nats-server') found.push({ name: 'nats-server', pid: Number(entry) });
    } catch {
      // ended while we looked
    }
  }
  return found;
}

/** Every process of the run, sampled now. */
export async function sampleMesh(databaseUrl: string): Promise<ProcessSample[]> {
  const pids = [...meshServicePids(), ...(await postgresBackendPids(databaseUrl).catch(() => [])), ...natsServerPids()];
  return pids.flatMap(({ name, pid }) => sampleProcess(name, pid) ?? []);
}

/** CPU seconds each process (summed by name: a service may have several backends) used between two samples. */
export function cpuBetween(before: ProcessSample[], after: ProcessSample[]): Map<string, number> {
  const start = new Map(before.map((s) => [s.pid, s.cpuSeconds]));
  const used = new Map<string, number>();
  for (const s of after) used.set(s.name, (used.get(s.name) ?? 0) + s.cpuSeconds - (start.get(s.pid) ?? 0));
  return used;
}

/** Peak RSS of each service process (MB), by name. */
export function peakMemory(samples: ProcessSample[]): Map<string, number> {
  const peaks = new Map<string, number>();
  for (const s of samples) if (!s.name.startsWith('pg:') && s.peakRssKb > 0) peaks.set(s.name, Math.max(peaks.get(s.name) ?? 0, s.peakRssKb / 1024));
  return peaks;
}
