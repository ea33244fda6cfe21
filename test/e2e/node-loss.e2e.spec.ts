import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '@kronicle/contracts';
import { eventually } from '@kronicle/testing';
import { meshPerFile } from '../support/mesh-per-file';
import { startServiceInstance, type ServiceInstance } from '../support/service-instance';
import { describedEvent } from '../support/kubectl';

type Pod = KubeObject & { spec: { nodeName?: string }; status?: { phase?: string; conditions?: { type: string; status: string }[] } };
type Node = KubeObject & { spec: { taints?: { key: string; effect: string }[] }; status: { conditions: { type: string; status: string; reason?: string }[] } };
type Condition = { type: string; status: string; reason?: string; message?: string; lastUpdateTime?: string; lastTransitionTime?: string };
type ReplicaSet = KubeObject & { spec: { replicas: number }; status?: { replicas?: number; conditions?: Condition[] } };
type Deployment = KubeObject & { status?: { conditions?: Condition[] } };

// Nodes 1–2 are hosted by the mesh's own node-agent, nodes 3–4 by a second one the test owns and kills.
const SURVIVORS = ['node-1', 'node-2'];
const LOST = ['node-3', 'node-4'];
// Heartbeats every 500 ms; a node silent for 3 s is lost (upstream's node-monitor-grace-period is 40 s).
const HEARTBEAT = { KRONICLE_HEARTBEAT_MS: '500' };
// Pods bound to a deleted node go after 2 s (upstream podgc's quarantine is 40 s); pods bound to a node
// that never existed are looked for every second (upstream: every 20 s).
const { mesh, kubectl } = meshPerFile({
  ...HEARTBEAT,
  KRONICLE_NODES: String(SURVIVORS.length),
  KRONICLE_NODE_GRACE_MS: '3000',
  KRONICLE_POD_GC_QUARANTINE_MS: '2000',
  KRONICLE_POD_GC_PERIOD_MS: '1000',
  KRONICLE_EVENTS_MAX_BYTES: String(64 * 1024 ** 2),
});

const run = async (...args: string[]) => {
  const result = await kubectl(args, { timeoutMs: 60_000 });
  if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
};
const json = async <T = KubeObject>(...args: string[]): Promise<T> => JSON.parse(await run(...args, '-o', 'json')) as T;
const items = async <T>(...args: string[]) => (await json<{ items: T[] }>(...args)).items;
const isReady = (p: Pod) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

/**
 * A Deployment whose pods tolerate an unreachable node for 1 s, as a user who wants fast failover
 * writes it (the API's DefaultTolerationSeconds gives 300 s otherwise); small cpu requests, so the
 * scheduler spreads the replicas over the nodes.
 */
const deployment = (name: string, replicas: number, template: { finalizers?: string[] } = {}) =>
  JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name }, ...template },
        spec: {
          containers: [{ name: 'nginx', image: 'nginx:1.14.2', resources: { requests: { cpu: '100m' } } }],
          tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 1 }],
        },
      },
    },
  });

describe('a node that goes away: its pods are replaced on the nodes left', () => {
  let agent: ServiceInstance | undefined;
  beforeAll(async () => {
    agent = await startServiceInstance(mesh(), 'node-agent', { ...HEARTBEAT, KRONICLE_FIRST_NODE: '3', KRONICLE_NODES: String(LOST.length) });
  });
  afterAll(async () => agent?.kill());

  it('shows four Ready nodes, hosted by two node-agents', async () => {
    await eventually(async () => expect((await run('get', 'nodes')).match(/ Ready /g)).toHaveLength(4), 30_000);
  });

  it('a Deployment spread over all nodes gets back to full availability on the surviving nodes once two are lost', async () => {
    // Given: six replicas running, some of them on the nodes about to be lost
    expect((await kubectl(['apply', '-f', '-'], { input: deployment('web', 6) })).stdout).toBe('deployment.apps/web created\n');
    expect(await run('rollout', 'status', 'deployment/web', '--timeout=60s')).toMatch('deployment "web" successfully rolled out');
    const before = await items<Pod>('get', 'pods', '-l', 'app=web');
    expect(before.filter(isReady)).toHaveLength(6);
    const lostPods = before.filter((p) => LOST.includes(p.spec.nodeName ?? '')).map((p) => p.metadata.name!);
    expect(lostPods.length, 'pods on the nodes to lose').toBeGreaterThan(0);

    // When: the second node-agent's machine is gone
    await agent!.kill('SIGKILL');
    agent = undefined;

    // Then: its nodes turn NotReady (Ready Unknown) and get the unreachable taints; the others stay Ready
    await eventually(async () => {
      const table = await run('get', 'nodes');
      for (const node of LOST) expect(table).toMatch(new RegExp(`^${node}\\s+NotReady\\s`, 'm'));
      for (const node of SURVIVORS) expect(table).toMatch(new RegExp(`^${node}\\s+Ready\\s`, 'm'));
    }, 20_000);
    const lostNode = await json<Node>('get', 'node', LOST[0]);
    expect(lostNode.status.conditions).toContainEqual(expect.objectContaining({ type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown' }));
    await eventually(async () => {
      const taints = (await json<Node>('get', 'node', LOST[0])).spec.taints ?? [];
      expect(taints).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }), expect.objectContaining({ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' })]));
    });
    expect(await run('get', 'events', '--field-selector', `involvedObject.name=${LOST[0]},reason=NodeNotReady`)).toContain(`Node ${LOST[0]} status is now: NodeNotReady`);

    // … their pods are evicted once the 1 s toleration is over: Terminating (no kubelet is left to confirm)
    await eventually(async () => {
      const table = await run('get', 'pods', '-l', 'app=web');
      for (const name of lostPods) expect(table).toMatch(new RegExp(`^${name}\\s+\\S+\\s+Terminating\\s`, 'm'));
    }, 20_000);
    expect(await run('describe', 'pod', lostPods[0])).toMatch(describedEvent('Normal', 'TaintManagerEviction', 'taint-eviction-controller', `Marking for deletion Pod default/${lostPods[0]}`));

    // … and the Deployment is fully available again, every replica on a surviving node
    await eventually(async () => expect(await run('get', 'deployment', 'web')).toMatch(/^web\s+6\/6\s+6\s+6\s/m), 30_000);
    const active = (await items<Pod>('get', 'pods', '-l', 'app=web')).filter((p) => !p.metadata.deletionTimestamp);
    expect(active).toHaveLength(6);
    expect(active.every(isReady)).toBe(true);
    for (const pod of active) expect(SURVIVORS, pod.metadata.name).toContain(pod.spec.nodeName);
    const [rs] = await items<ReplicaSet>('get', 'rs', '-l', 'app=web');
    expect(rs.status).toMatchObject({ replicas: 6, readyReplicas: 6, availableReplicas: 6 });
    expect(await run('describe', 'rs', rs.metadata.name!)).toMatch(describedEvent('Normal', 'SuccessfulCreate', 'replicaset-controller', 'Created pod: web-'));

    // Finally: once the lost nodes are deleted, the pod garbage collector removes their Terminating pods
    expect(await run('delete', 'node', ...LOST)).toBe(LOST.map((node) => `node "${node}" deleted\n`).join(''));
    await eventually(async () => {
      const names = (await items<Pod>('get', 'pods', '-l', 'app=web')).map((p) => p.metadata.name!);
      for (const name of lostPods) expect(names).not.toContain(name);
      expect(names).toHaveLength(6);
    }, 20_000);
  }, 120_000);
});

describe('pods the API refuses: ReplicaFailure and FailedCreate on the ReplicaSet and its Deployment, cleared by a fixed template', () => {
  // Upstream validates a pod template's labels, annotations and spec with the Deployment, not its
  // finalizers: the Deployment and its ReplicaSet are accepted, every pod is refused.
  const invalid =
    'is invalid: metadata.finalizers: Invalid value: "bad finalizer": name part must consist of alphanumeric characters';

  it('reports the refusal on the ReplicaSet and the Deployment, and clears both once the Deployment is fixed', async () => {
    expect((await kubectl(['apply', '-f', '-'], { input: deployment('broken', 2, { finalizers: ['bad finalizer'] }) })).stdout).toBe('deployment.apps/broken created\n');
    const failing = await eventually(async () => {
      const [rs] = await items<ReplicaSet>('get', 'rs', '-l', 'app=broken');
      expect(rs.status?.conditions).toEqual([expect.objectContaining({ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: expect.stringContaining(invalid) })]);
      return rs;
    });
    expect(failing.status?.conditions?.[0].message).toMatch(new RegExp(`^Pod "${failing.metadata.name}-[a-z0-9]{5}" is invalid`));
    const described = await run('describe', 'rs', failing.metadata.name!);
    expect(described).toMatch(/ReplicaFailure\s+True\s+FailedCreate/);
    expect(described).toMatch(describedEvent('Warning', 'FailedCreate', 'replicaset-controller', `Error creating: Pod "${failing.metadata.name}-[a-z0-9]{5}" ${invalid}`));
    expect(await items<Pod>('get', 'pods', '-l', 'app=broken')).toEqual([]);

    // … and on the Deployment: upstream's rollout step copies its new ReplicaSet's condition, both times its lastTransitionTime
    const [rsFailure] = failing.status!.conditions!;
    await eventually(async () => {
      const d = await json<Deployment>('get', 'deployment', 'broken');
      expect(d.status?.conditions?.find((c) => c.type === 'ReplicaFailure')).toEqual({
        type: 'ReplicaFailure',
        status: 'True',
        reason: 'FailedCreate',
        message: rsFailure.message,
        lastUpdateTime: rsFailure.lastTransitionTime,
        lastTransitionTime: rsFailure.lastTransitionTime,
      });
    });
    expect(await run('describe', 'deployment', 'broken')).toMatch(/^\s+ReplicaFailure\s+True\s+FailedCreate\s*$/m);

    // Fixed: the new ReplicaSet creates the pods, the refused one is scaled to 0 and its condition goes
    expect((await kubectl(['apply', '-f', '-'], { input: deployment('broken', 2) })).stdout).toBe('deployment.apps/broken configured\n');
    expect(await run('rollout', 'status', 'deployment/broken', '--timeout=60s')).toMatch('deployment "broken" successfully rolled out');
    await eventually(async () => {
      const old = await json<ReplicaSet>('get', 'rs', failing.metadata.name!);
      expect(old.spec.replicas).toBe(0);
      expect(old.status?.conditions ?? []).toEqual([]);
    });
    // … and the Deployment's goes with it (a condition that changes status moves to the end, as upstream's SetDeploymentCondition does it)
    await eventually(async () => {
      const d = await json<Deployment>('get', 'deployment', 'broken');
      expect(d.status?.conditions?.map((c) => [c.type, c.status, c.reason]).sort()).toEqual([
        ['Available', 'True', 'MinimumReplicasAvailable'],
        ['Progressing', 'True', 'NewReplicaSetAvailable'],
      ]);
    });
    expect(await run('describe', 'deployment', 'broken')).not.toMatch(/ReplicaFailure/);
  }, 90_000);
});

describe('an event that repeats is counted on one Event, as upstream\'s recorder does', () => {
  it('a crashing container: kubectl describe shows BackOff "(x2 over …)" and one Event with count 2', async () => {
    expect(await run('run', 'crasher', '--image=nginx', '--annotations=kronicle.dev/crash=true')).toBe('pod/crasher created\n');
    // Restarts at once, then after 10 s of back-off: the second BackOff is the same event again.
    await eventually(async () => {
      expect(await run('describe', 'pod', 'crasher')).toMatch(/Warning\s+BackOff\s+\S+ \(x2 over \S+\)\s+kubelet\s+Back-off restarting failed container crasher in pod crasher_default/);
    }, 40_000);
    const backOffs = await items<KubeObject & { count?: number }>('get', 'events', '--field-selector', 'involvedObject.name=crasher,reason=BackOff');
    expect(backOffs.map((e) => e.count)).toEqual([2]);
  }, 60_000);
});

describe('pods bound to a node that does not exist, as upstream podgc collects them', () => {
  it('a pod bound to a node that never existed is found by the periodic look and goes after the quarantine', async () => {
    const ghost = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'ghost' }, spec: { nodeName: 'node-99', containers: [{ name: 'c', image: 'nginx' }] } };
    expect((await kubectl(['apply', '-f', '-'], { input: JSON.stringify(ghost) })).stdout).toBe('pod/ghost created\n');
    const created = Date.now();
    await eventually(async () => expect((await kubectl(['get', 'pod', 'ghost'])).stderr).toContain('pods "ghost" not found'));
    // Not before its quarantine: found within a period, then kept 2 s.
    expect(Date.now() - created).toBeGreaterThanOrEqual(2000);
  });
});
