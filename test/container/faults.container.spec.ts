// The fault-injection suite (issue 6, part 4): a whole Kronicle in containers rolls a Deployment of
// several hundred pods from image to image; during each rollout one fault is injected — every kind
// of service killed and started again, NATS and Postgres restarted, the scheduler paused, a
// node-agent cut off the network, everything restarted at once — and after each the suite checks,
// through the real path, that the mesh converged to exactly the desired pods, that every write the
// API acknowledged is in the log, that the state rebuilt from the log equals what the API serves,
// and that the log shows no decision applied twice. Method and results: docs/reliability.md.
//
//   npm test -- faults.container
//   KRONICLE_FAULT_REPLICAS (default 300) sets the Deployment's size; KRONICLE_FAULTS_REPORT=<file> writes
//   the results as JSON, KRONICLE_FAULTS_LOGS=<file> every container's output.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { writeFileSync } from 'node:fs';
import pg from 'pg';
import { objectStreamId } from '@kronicle/contracts';
import { createPgEventStore, type PgEventStore } from '@kronicle/event-store';
import { dockerAvailability, faultInjector, startKronicle, type FaultInjector, type StartedKronicle } from '@kronicle/testcontainers';
import { apiFor, type Api } from './faults/api';
import { LogAudit } from './faults/log-audit';
import { compareRebuildWithApi } from './faults/rebuild-check';
import { deploymentManifest, DEPLOYMENT, NAMESPACE, snapshot, type MeshSnapshot } from './faults/workload';

const docker = await dockerAvailability();
if (!docker.available) console.warn(`\n*** fault-injection tests SKIPPED: ${docker.reason} ***\n`);

const REPLICAS = Number(process.env.KRONICLE_FAULT_REPLICAS || 300);
/** How long the mesh may take to converge after a fault is lifted before the test fails. */
const CONVERGE_TIMEOUT_MS = 150_000;
const NODE_GRACE_MS = 10_000;
const SERVICES = ['relay', 'api', 'scheduler', 'garbage-collector', 'deployment', 'node-agent', 'node-lifecycle', 'storage', 'network', 'job', 'cronjob', 'daemonset', 'statefulset'];

/** A write the API answered with 2xx: it must be in the log at its resourceVersion. */
interface Ack {
  streamId: string;
  uid: string;
  resourceVersion: number;
}

interface FaultResult {
  fault: string;
  /** Pods of the new ReplicaSet when the fault struck. */
  progress: string;
  /** From injection until the fault was lifted (the component healthy again, the partition healed). */
  downMs: number;
  /** From the fault being lifted until the mesh converged. */
  recoverMs: number;
  /** From injection until converged. */
  totalMs: number;
  acked: number;
  refused: number;
  restarts: string;
}

describe.skipIf(!docker.available)('fault injection during a rollout of hundreds of pods', () => {
  let kronicle: StartedKronicle;
  let faults: FaultInjector;
  let api: Api;
  let store: PgEventStore;
  let db: pg.Pool;
  let audit: LogAudit;
  const acks: Ack[] = [];
  const results: FaultResult[] = [];
  let version = 1;
  const image = () => `registry.example/web:v${version}`;

  beforeAll(async () => {
    kronicle = await startKronicle({
      restartable: true,
      services: [
        ...SERVICES.filter((s) => s !== 'node-agent'),
        // Two node-agents: nodes 1–4 and nodes 5–6, so one can be cut off while the other carries on.
        { name: 'node-agent', service: 'node-agent', env: { KRONICLE_FIRST_NODE: '1', KRONICLE_NODES: '4' } },
        { name: 'node-agent-b', service: 'node-agent', env: { KRONICLE_FIRST_NODE: '5', KRONICLE_NODES: '2' } },
      ],
      env: {
        KRONICLE_POD_PROFILE: 'fast',
        KRONICLE_NODE_CONFIG: JSON.stringify({ pods: '250' }),
        KRONICLE_HEARTBEAT_MS: '1000',
        KRONICLE_NODE_GRACE_MS: String(NODE_GRACE_MS),
      },
      startupTimeoutMs: 180_000,
    });
    faults = await faultInjector(kronicle);
    api = apiFor(kronicle);
    db = new pg.Pool({ connectionString: kronicle.databaseUrl, max: 2 });
    db.on('error', () => undefined);
    store = await createPgEventStore({ connectionString: kronicle.databaseUrl, poolSize: 2, applicationName: 'fault-suite' });
    audit = new LogAudit(store);

    await write('POST', '/api/v1/namespaces', { metadata: { name: NAMESPACE } }, '201');
    await write('POST', `/apis/apps/v1/namespaces/${NAMESPACE}/deployments`, deploymentManifest(REPLICAS, image()), '201');
    await converged(CONVERGE_TIMEOUT_MS);
  }, 420_000);

  afterAll(async () => {
    if (results.length > 0) {
      const table = [
        '| fault | rollout progress at injection | down | recovered after lifted | total | writes acked / refused during | engine restarts |',
        '|---|---|---|---|---|---|---|',
        ...results.map((r) => `| ${r.fault} | ${r.progress} | ${secs(r.downMs)} | ${secs(r.recoverMs)} | ${secs(r.totalMs)} | ${r.acked} / ${r.refused} | ${r.restarts} |`),
      ].join('\n');
      console.log(`\nfault-injection results (${REPLICAS} replicas):\n${table}\n`);
      if (process.env.KRONICLE_FAULTS_REPORT) writeFileSync(process.env.KRONICLE_FAULTS_REPORT, JSON.stringify({ replicas: REPLICAS, results }, null, 2));
    }
    if (kronicle && process.env.KRONICLE_FAULTS_LOGS) writeFileSync(process.env.KRONICLE_FAULTS_LOGS, kronicle.logs());
    await faults?.heal().catch(() => undefined);
    await store?.close().catch(() => undefined);
    await db?.end().catch(() => undefined);
    await kronicle?.stop();
  }, 120_000);

  /** A write through the API; a 2xx is recorded as acknowledged. */
  async function write(method: string, path: string, body: unknown, expectStatus?: string, contentType?: string): Promise<boolean> {
    const res = await api.request<{ metadata?: { uid?: string; resourceVersion?: string; name?: string; namespace?: string }; kind?: string }>(method, path, body, contentType);
    if (expectStatus && String(res.status) !== expectStatus) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    if (res.status < 200 || res.status > 299) return false;
    const meta = res.body.metadata!;
    const [group, resource] = streamOf(path);
    acks.push({ streamId: objectStreamId({ group, resource, namespace: meta.namespace, name: meta.name! }), uid: meta.uid!, resourceVersion: Number(meta.resourceVersion) });
    return true;
  }

  /** Writes ConfigMaps through the API, one after another, until stopped; counts what was acknowledged. */
  function backgroundWriter(label: string) {
    let stopped = false;
    let acked = 0;
    let refused = 0;
    const done = (async () => {
      for (let n = 0; !stopped; n++) {
        const ok = await write('POST', `/api/v1/namespaces/${NAMESPACE}/configmaps`, { metadata: { name: `${label}-${n}` }, data: { n: String(n) } }).catch(() => false);
        if (ok) acked++;
        else refused++;
        await sleep(ok ? 100 : 250);
      }
    })();
    return {
      async stop() {
        stopped = true;
        await done;
        return { acked, refused };
      },
    };
  }

  async function converged(timeoutMs: number): Promise<MeshSnapshot> {
    const deadline = Date.now() + timeoutMs;
    let last: MeshSnapshot | undefined;
    let lastError: unknown;
    for (;;) {
      try {
        last = await snapshot(api, REPLICAS, image());
        if (last.unmet.length === 0) return last;
      } catch (err) {
        lastError = err; // the API may be down or restarting
      }
      if (Date.now() > deadline) {
        throw new Error(`not converged within ${timeoutMs} ms: ${last ? last.unmet.slice(0, 12).join('; ') : `API: ${String(lastError)}`}\n${kronicle.logs().split('\n').slice(-60).join('\n')}`);
      }
      await sleep(250);
    }
  }

  /** Starts the next rollout and waits until a quarter of the new pods exist: the fault hits mid-rollout. */
  async function startRollout(): Promise<string> {
    version++;
    await write('PATCH', `/apis/apps/v1/namespaces/${NAMESPACE}/deployments/${DEPLOYMENT}`, { spec: { template: { spec: { containers: [{ name: 'web', image: image() }] } } } }, '200', 'application/strategic-merge-patch+json');
    const deadline = Date.now() + 60_000;
    for (;;) {
      const pods = (await api.get<{ items: { spec: { containers: { image: string }[] }; metadata: { deletionTimestamp?: string } }[] }>(`/api/v1/namespaces/${NAMESPACE}/pods`)).items;
      const updated = pods.filter((p) => p.spec.containers[0].image === image() && !p.metadata.deletionTimestamp).length;
      if (updated >= REPLICAS / 4) return `${updated}/${REPLICAS}`;
      if (Date.now() > deadline) throw new Error(`the rollout to ${image()} did not start within 60 s (${updated} new pods)`);
      await sleep(100);
    }
  }

  /** Every acknowledged write is in the log, at its resourceVersion, on its stream, with its uid. */
  async function checkAcknowledgedWrites(): Promise<void> {
    const checked = [...acks];
    const { rows } = await db.query<{ position: string; stream_id: string; uid: string }>(
      `SELECT position, stream_id, data->'object'->'metadata'->>'uid' AS uid FROM events WHERE position = ANY($1::bigint[])`,
      [checked.map((a) => a.resourceVersion)],
    );
    const found = new Map(rows.map((r) => [Number(r.position), r]));
    const missing = checked.filter((a) => found.get(a.resourceVersion)?.stream_id !== a.streamId || found.get(a.resourceVersion)?.uid !== a.uid);
    expect(missing, `acknowledged writes not in the log: ${JSON.stringify(missing.slice(0, 5))}`).toEqual([]);
  }

  async function checkLog(): Promise<void> {
    const report = await audit.audit();
    expect(report.violations, `log audit after ${report.events} events`).toEqual([]);
    const inTable = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE position <= $1', [report.position]);
    expect(report.events, 'events read in order vs rows in the log up to the same position').toBe(inTable.rows[0].n);
    const { rows } = await db.query('SELECT id FROM events GROUP BY id HAVING count(*) > 1 LIMIT 5');
    expect(rows, 'event ids appended twice').toEqual([]);
    const comparison = await compareRebuildWithApi(store, api);
    expect(comparison.differences.slice(0, 10), `rebuilt from the log vs served by the API (${comparison.objects} objects)`).toEqual([]);
    expect(comparison.objects).toBeGreaterThan(REPLICAS);
  }

  async function restartCounts(): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const role of ['postgres', 'nats', ...Object.keys(kronicle.containers.services)]) counts.set(role, (await faults.state(role)).restartCount);
    return counts;
  }

  /** One fault: rollout, inject, lift, converge, check everything, record the times. */
  async function runFault(name: string, inject: () => Promise<void>): Promise<void> {
    const before = await restartCounts();
    const progress = await startRollout();
    const writer = backgroundWriter(name.replace(/[^a-z0-9]+/g, '-'));
    const injectedAt = Date.now();
    let liftedAt = injectedAt;
    let written = { acked: 0, refused: 0 };
    // The writer stops whatever happens: left running, it would race the next fault's checks.
    try {
      await inject();
      liftedAt = Date.now();
      await converged(CONVERGE_TIMEOUT_MS);
    } finally {
      written = await writer.stop();
    }
    const { acked, refused } = written;
    const convergedAt = Date.now();
    const after = await restartCounts();
    const restarts = [...after].filter(([role, n]) => n > (before.get(role) ?? 0)).map(([role, n]) => `${role} ×${n - (before.get(role) ?? 0)}`);
    const result: FaultResult = { fault: name, progress, downMs: liftedAt - injectedAt, recoverMs: convergedAt - liftedAt, totalMs: convergedAt - injectedAt, acked, refused, restarts: restarts.join(', ') || '–' };
    results.push(result);
    console.log(`FAULT ${name}: down ${secs(result.downMs)}, converged ${secs(result.recoverMs)} after it was lifted (${secs(result.totalMs)} in all); ${acked} writes acknowledged, ${refused} refused meanwhile; rollout at ${progress}`);
    await checkAcknowledgedWrites();
    await checkLog();
  }

  it('starts converged, and the checks hold before any fault', async () => {
    await checkAcknowledgedWrites();
    await checkLog();
  }, 60_000);

  // The same rollout with nothing broken: what each fault's times compare with.
  it('rolls out without a fault (baseline)', () => runFault('none (baseline rollout)', async () => undefined), 240_000);

  for (const service of SERVICES) {
    it(`kill ${service} (docker kill, then started again)`, () => runFault(`kill ${service}`, () => faults.restart(service)), 240_000);
  }

  it('restart NATS', () => runFault('restart NATS (kill, start)', () => faults.restart('nats')), 240_000);

  it('restart Postgres', () => runFault('restart Postgres (kill, start)', () => faults.restart('postgres')), 240_000);

  it('pause the scheduler for 5 s', () =>
    runFault('pause scheduler 5 s', async () => {
      await faults.pause('scheduler');
      await sleep(5_000); // the fault's length, not a wait for a condition
      await faults.unpause('scheduler');
    }), 240_000);

  it('cut node-agent-b (nodes 5–6) off the network until its pods are replaced elsewhere', () =>
    runFault('partition node-agent-b', async () => {
      await faults.disconnect('node-agent-b');
      // Nodes 5 and 6 go Unknown after the grace period, are tainted, their pods evicted 2 s later
      // and replaced on nodes 1–4; the evicted ones stay Terminating (their kubelet is away).
      const deadline = Date.now() + 90_000;
      for (;;) {
        const pods = (await api.get<{ items: { spec: { nodeName?: string }; metadata: { deletionTimestamp?: string }; status?: { phase?: string } }[] }>(`/api/v1/namespaces/${NAMESPACE}/pods`)).items;
        const active = pods.filter((p) => !p.metadata.deletionTimestamp);
        const elsewhere = active.filter((p) => p.spec.nodeName && !['node-5', 'node-6'].includes(p.spec.nodeName) && p.status?.phase === 'Running');
        if (elsewhere.length === REPLICAS && active.length === REPLICAS) break;
        if (Date.now() > deadline) throw new Error(`pods of the cut-off nodes not replaced within 90 s: ${elsewhere.length} running elsewhere, ${active.length} active`);
        await sleep(250);
      }
      await faults.reconnect('node-agent-b');
    }), 240_000);

  it('restart everything at once', () =>
    runFault('restart everything at once', async () => {
      const roles = ['postgres', 'nats', ...Object.keys(kronicle.containers.services)];
      await Promise.all(roles.map((role) => faults.kill(role)));
      await Promise.all(roles.map((role) => faults.start(role, 180_000)));
    }), 300_000);
});

function secs(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** [group, resource] of an API path such as /apis/apps/v1/namespaces/x/deployments/y. */
function streamOf(path: string): [string, string] {
  const parts = path.split('/').filter(Boolean);
  const rest = parts[0] === 'api' ? parts.slice(2) : parts.slice(3);
  const group = parts[0] === 'api' ? '' : parts[1];
  const resource = rest[0] === 'namespaces' && rest.length > 2 ? rest[2] : rest[0];
  return [group, resource];
}
