import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kronicle/contracts';
import { InMemoryCluster, type ObjectWrite } from '@kronicle/controller-runtime';
import { resourceInfo } from '@kronicle/object-lifecycle';
import { cidrContains, profiles } from '@kronicle/pod-lifecycle';
import { nodeAgentController } from './node-agent-controller';
import { simulatedNodes } from './simulated-nodes';

const t0 = Date.parse('2026-01-01T00:00:00Z');
const at = (s: number) => new Date(t0 + s * 1000);
const nodes = simulatedNodes(1, 2, { nodes: { 'node-2': { cpu: '8', labels: { disk: 'ssd' } } } }, '2026-01-01T00:00:00Z');

function setup(profile = profiles.fast) {
  const controller = nodeAgentController(nodes, profile);
  const cluster = new InMemoryCluster(controller.indexes);
  cluster.write([{ kind: 'create', resource: resourceInfo('', 'namespaces'), object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } } }], at(0));
  cluster.settle([controller], at(0));
  const get = (resource: string, name: string, ns = '_') => cluster.state.get(`k8s/core/${resource}/${ns}/${name}`)?.object as KubeObject & { status: Record<string, unknown>; spec: Record<string, unknown> };
  return { controller, cluster, get };
}

describe('node-agent', () => {
  it('registers its nodes as upstream kubelets do', () => {
    const { get } = setup();
    expect(get('nodes', 'node-1').metadata.labels).toMatchObject({ 'kubernetes.io/hostname': 'node-1', 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'topology.kubernetes.io/zone': 'zone-a' });
    expect(get('nodes', 'node-2').metadata.labels).toMatchObject({ disk: 'ssd', 'topology.kubernetes.io/zone': 'zone-b' });
    expect(get('nodes', 'node-1').spec).toEqual({ podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24'] });
    expect(get('nodes', 'node-2').status).toMatchObject({
      capacity: { cpu: '8', memory: '16Gi', pods: '110' },
      allocatable: { cpu: '8', memory: '16Gi', pods: '110' },
      addresses: [{ type: 'InternalIP', address: '172.16.0.2' }, { type: 'Hostname', address: 'node-2' }],
      nodeInfo: expect.objectContaining({ kubeletVersion: 'v1.32.0', operatingSystem: 'linux' }),
    });
    expect((get('nodes', 'node-1').status.conditions as { type: string; status: string }[]).map((c) => `${c.type}=${c.status}`)).toEqual(['MemoryPressure=False', 'DiskPressure=False', 'PIDPressure=False', 'Ready=True']);
  });

  it('posts an unchanged node status again every 5 minutes, as upstream kubelets do: the heartbeat times move, the transitions do not', () => {
    const { controller, cluster, get } = setup();
    expect(controller.reconcile('node/node-1', cluster.state, at(100))).toEqual({ writes: [], requeueAfterMs: 200_000 });
    const [report] = controller.reconcile('node/node-1', cluster.state, at(300)).writes;
    cluster.write([report], at(300));
    const conditions = get('nodes', 'node-1').status.conditions as { lastHeartbeatTime: string; lastTransitionTime: string }[];
    expect(conditions.map((c) => [c.lastHeartbeatTime, c.lastTransitionTime])).toEqual(Array(4).fill(['2026-01-01T00:05:00Z', '2026-01-01T00:00:00Z']));
    expect(controller.reconcile('node/node-1', cluster.state, at(301))).toEqual({ writes: [], requeueAfterMs: 299_000 });
  });

  it('runs a pod bound to its node with an IP from the podCIDR, and unique IPs per node', () => {
    const { controller, cluster, get } = setup();
    for (const name of ['a', 'b']) {
      cluster.act([{ kind: 'create', resource: resourceInfo('', 'pods'), object: { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'nginx' }] } } }], [controller], at(1));
    }
    const [a, b] = ['a', 'b'].map((n) => get('pods', n, 'default').status as { phase: string; podIP: string; hostIP: string });
    expect(a).toMatchObject({ phase: 'Running', hostIP: '172.16.0.1' });
    expect(cidrContains('10.244.1.0/24', a.podIP) && cidrContains('10.244.1.0/24', b.podIP)).toBe(true);
    expect(a.podIP).not.toBe(b.podIP);
  });

  it('admits pods bound to it without the scheduler only while they fit, as upstream kubelets do (OutOfcpu, NodeAffinity)', () => {
    const { controller, cluster, get } = setup();
    const bound = (name: string, cpu: string, extra: object = {}) =>
      cluster.act(
        [{ kind: 'create', resource: resourceInfo('', 'pods'), object: { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu } } }], ...extra } } }],
        [controller],
        at(1),
      );
    bound('first', '3');
    bound('second', '2');
    bound('third', '1');
    bound('elsewhere', '0', { nodeSelector: { disk: 'ssd' } });
    const status = (name: string) => get('pods', name, 'default').status as { phase: string; reason?: string; message?: string };
    expect(status('first').phase).toBe('Running');
    expect(status('second')).toMatchObject({ phase: 'Failed', reason: 'OutOfcpu', message: "Pod was rejected: Node didn't have enough resource: cpu, requested: 2000, used: 3000, capacity: 4000" });
    expect(status('third').phase).toBe('Running');
    expect(status('elsewhere')).toMatchObject({ phase: 'Failed', reason: 'NodeAffinity', message: "Pod was rejected: Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector" });
    const warnings = cluster.state.list({ group: '', resource: 'events' }).map((s) => s.object as KubeObject & { type: string; reason: string; message: string });
    expect(warnings.filter((e) => e.type === 'Warning').map((e) => `${e.reason}: ${e.message}`)).toEqual([
      "OutOfcpu: Node didn't have enough resource: cpu, requested: 2000, used: 3000, capacity: 4000",
      "NodeAffinity: Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector",
    ]);
  });

  it('measures a pod bound before its node is registered against the node it is registering, as upstream kubelets do', () => {
    const controller = nodeAgentController(nodes, profiles.fast);
    const cluster = new InMemoryCluster(controller.indexes);
    cluster.write([{ kind: 'create', resource: resourceInfo('', 'namespaces'), object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } } }], at(0));
    const early = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'early', namespace: 'default' }, spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '100' } } }] } };
    cluster.write([{ kind: 'create', resource: resourceInfo('', 'pods'), object: early }], at(0));
    const [rejected] = controller.reconcile('pods/node-1', cluster.state, at(0)).writes;
    expect(rejected).toMatchObject({ kind: 'update', object: { status: { phase: 'Failed', reason: 'OutOfcpu' } } });
  });

  it('reports a node Ready again after the node lifecycle marked it Unknown', () => {
    const { controller, cluster, get } = setup();
    const node = get('nodes', 'node-1');
    cluster.act([{ kind: 'update', resource: resourceInfo('', 'nodes'), subresource: 'status', object: { ...node, status: { ...node.status, conditions: [{ type: 'Ready', status: 'Unknown' }] } } }], [controller], at(60));
    expect(get('nodes', 'node-1').status.conditions).toContainEqual(expect.objectContaining({ type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:01:00Z' }));
  });

  describe("the kubelet's node Events (general profile)", () => {
    function setupWithEvents() {
      const setUp = setup(profiles.general);
      const nodeEvents = () =>
        setUp.cluster.state
          .list({ group: '', resource: 'events' })
          .map((s) => s.object as KubeObject & { reason: string; message: string; count: number; involvedObject: { name: string } })
          .filter((e) => e.involvedObject.name === 'node-1')
          .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
          .map((e) => `${e.reason}: ${e.message}${e.count === 1 ? '' : ` (x${e.count})`}`);
      // As the node lifecycle leaves a silent node: every condition Unknown. `running`: kubelets that see it.
      const markUnknown = (second: number, running = [setUp.controller]) => {
        const node = setUp.get('nodes', 'node-1');
        const conditions = (node.status.conditions as { type: string }[]).map((c) => ({ ...c, status: 'Unknown' }));
        setUp.cluster.act([{ kind: 'update', resource: resourceInfo('', 'nodes'), subresource: 'status', object: { ...node, status: { ...node.status, conditions } } }], running, at(second));
      };
      return { ...setUp, nodeEvents, markUnknown };
    }
    const started = [
      'Starting: Starting kubelet.',
      'NodeHasSufficientMemory: Node node-1 status is now: NodeHasSufficientMemory',
      'NodeHasNoDiskPressure: Node node-1 status is now: NodeHasNoDiskPressure',
      'NodeHasSufficientPID: Node node-1 status is now: NodeHasSufficientPID',
      'NodeAllocatableEnforced: Updated Node Allocatable limit across pods',
      'NodeReady: Node node-1 status is now: NodeReady',
    ];

    it('registration, cordon and uncordon, and each condition coming back after the node lifecycle marked them Unknown', () => {
      const { controller, cluster, get, nodeEvents, markUnknown } = setupWithEvents();
      expect(nodeEvents()).toEqual(started);
      // The kubelet's reference to its node: the name as the uid, no apiVersion.
      expect(cluster.state.list({ group: '', resource: 'events' })[0].object.involvedObject).toEqual({ kind: 'Node', name: 'node-1', uid: 'node-1' });

      const cordon = (unschedulable: boolean, second: number) => {
        const node = get('nodes', 'node-1');
        cluster.act([{ kind: 'update', resource: resourceInfo('', 'nodes'), object: { ...node, spec: { ...node.spec, unschedulable } } }], [controller], at(second));
      };
      cordon(true, 10);
      cordon(true, 11);
      cordon(false, 12);
      markUnknown(60);
      // Repeats are counted on the registration's Events (so they sort last), as upstream's recorder does.
      expect(nodeEvents().slice(1)).toEqual([
        'NodeAllocatableEnforced: Updated Node Allocatable limit across pods',
        'NodeNotSchedulable: Node node-1 status is now: NodeNotSchedulable',
        'NodeSchedulable: Node node-1 status is now: NodeSchedulable',
        'NodeHasSufficientMemory: Node node-1 status is now: NodeHasSufficientMemory (x2)',
        'NodeHasNoDiskPressure: Node node-1 status is now: NodeHasNoDiskPressure (x2)',
        'NodeHasSufficientPID: Node node-1 status is now: NodeHasSufficientPID (x2)',
        'NodeReady: Node node-1 status is now: NodeReady (x2)',
      ]);
    });

    it('a restarted kubelet says it is starting again, once, whether its node was Ready or Unknown', () => {
      const { cluster, nodeEvents, markUnknown } = setupWithEvents();
      cluster.settle([nodeAgentController(nodes, profiles.general)], at(30));
      expect(nodeEvents()).toEqual(started.map((line) => `${line} (x2)`));
      markUnknown(60, []);
      const restarted = nodeAgentController(nodes, profiles.general);
      cluster.settle([restarted], at(90));
      expect(nodeEvents()).toEqual(started.map((line) => `${line} (x3)`));
      expect(cluster.state.get('k8s/core/nodes/_/node-1')?.object.status).toMatchObject({ conditions: expect.arrayContaining([expect.objectContaining({ type: 'Ready', status: 'True' })]) });
    });

    it('reports its start again when the append that carried it was refused', () => {
      const controller = nodeAgentController(nodes, profiles.general);
      const cluster = new InMemoryCluster(controller.indexes);
      const reasons = (writes: ObjectWrite[]) => writes.flatMap((w) => (w.kind === 'create' && w.resource.resource === 'events' ? [(w.object as { reason?: string }).reason] : []));
      const registration = ['Starting', 'NodeHasSufficientMemory', 'NodeHasNoDiskPressure', 'NodeHasSufficientPID', 'NodeAllocatableEnforced', 'NodeReady'];
      const first = controller.reconcile('node/node-1', cluster.state, at(0)).writes;
      expect(reasons(first)).toEqual(registration);
      // Refused: the Events' namespace does not exist yet (a fresh cluster). Decided again, with the Events.
      expect(() => cluster.write(first, at(0))).toThrow('namespaces "default" not found');
      cluster.write([{ kind: 'create', resource: resourceInfo('', 'namespaces'), object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } } }], at(1));
      const again = controller.reconcile('node/node-1', cluster.state, at(1)).writes;
      expect(reasons(again)).toEqual(registration);
      cluster.write(again, at(1));
      expect(controller.reconcile('node/node-1', cluster.state, at(2)).writes).toEqual([]);
    });
  });

  it('writes no routine node Events with the fast profile', () => {
    const { cluster } = setup();
    expect(cluster.state.list({ group: '', resource: 'events' })).toEqual([]);
  });
});

describe('node-agent, pods per node', () => {
  it('steps every due pod of a node in one reconcile, with distinct IPs, and one write per pod with the fast profile', () => {
    const { controller, cluster, get } = setup();
    const pod = (name: string, nodeName: string) => ({ kind: 'create' as const, resource: resourceInfo('', 'pods'), object: { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { nodeName, containers: [{ name: 'c', image: 'nginx' }] } } });
    cluster.write([pod('a', 'node-1'), pod('b', 'node-1'), pod('c', 'node-1'), pod('d', 'node-2')], at(1));
    const result = controller.reconcile('pods/node-1', cluster.state, at(1));
    expect(result.writes.map((w) => (w.kind === 'update' ? `${w.object.metadata.name}:${(w.object.status as { phase: string }).phase}` : w.kind))).toEqual(['a:Running', 'b:Running', 'c:Running']);
    cluster.write(result.writes, at(1));
    const ips = ['a', 'b', 'c'].map((n) => (get('pods', n, 'default').status as { podIP: string }).podIP);
    expect(new Set(ips).size).toBe(3);
    expect(controller.reconcile('pods/node-1', cluster.state, at(1)).writes).toEqual([]);
  });

  it('its own write of a pod now Running and Ready asks for no reconcile; the pod marked not Ready by another does', () => {
    const { controller, cluster, get } = setup();
    cluster.act([{ kind: 'create', resource: resourceInfo('', 'pods'), object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'default' }, spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'nginx' }] } } }], [controller], at(1));
    const running = get('pods', 'a', 'default');
    const change = (object: KubeObject) => ({ type: 'MODIFIED' as const, streamId: 'k8s/core/pods/default/a', group: '', resource: 'pods', object, position: 0, streamVersion: 0 });
    expect(controller.keysFor(change(running), cluster.state)).toEqual([]);
    const conditions = (running.status.conditions as { type: string; status: string }[]).map((c) => (c.type === 'Ready' ? { ...c, status: 'False' } : c));
    expect(controller.keysFor(change({ ...running, status: { ...running.status, conditions } }), cluster.state)).toEqual(['pods/node-1']);
  });

  it('steps a settled pod again once another writer changes it (here: marks it not Ready), keeping the IPs of settled pods taken', () => {
    const { controller, cluster, get } = setup();
    const create = (name: string) => ({ kind: 'create' as const, resource: resourceInfo('', 'pods'), object: { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'nginx' }] } } });
    cluster.act([create('a'), create('b')], [controller], at(1));
    const a = get('pods', 'a', 'default');
    const conditions = (a.status.conditions as { type: string; status: string }[]).map((c) => (c.type === 'Ready' ? { ...c, status: 'False' } : c));
    cluster.write([{ kind: 'update', resource: resourceInfo('', 'pods'), subresource: 'status', object: { ...a, status: { ...a.status, conditions } } }], at(2));
    cluster.write([create('c')], at(2));
    const result = controller.reconcile('pods/node-1', cluster.state, at(2));
    expect(result.writes.map((w) => (w.kind === 'update' ? w.object.metadata.name : w.kind))).toEqual(['a', 'c']);
    cluster.write(result.writes, at(2));
    expect(get('pods', 'a', 'default').status.conditions).toContainEqual(expect.objectContaining({ type: 'Ready', status: 'True' }));
    expect(new Set(['a', 'b', 'c'].map((n) => get('pods', n, 'default').status.podIP)).size).toBe(3);
  });

  it('asks to be woken when the next pod step is due (general profile: ContainerCreating for 1 s)', () => {
    const controller = nodeAgentController(nodes, profiles.general);
    const cluster = new InMemoryCluster(controller.indexes);
    cluster.write([{ kind: 'create', resource: resourceInfo('', 'namespaces'), object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } } }], at(0));
    cluster.write([{ kind: 'create', resource: resourceInfo('', 'pods'), object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'default' }, spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'nginx' }] } } }], at(0));
    cluster.write(controller.reconcile('pods/node-1', cluster.state, at(0)).writes, at(0));
    expect(controller.reconcile('pods/node-1', cluster.state, at(0.25))).toEqual({ writes: [], requeueAfterMs: 750 });
    const started = controller.reconcile('pods/node-1', cluster.state, at(1));
    expect(started.writes.map((w) => (w.kind === 'create' ? `${w.object.reason}` : `${w.kind} ${w.kind === 'update' ? w.object.metadata.name : ''}`))).toEqual(['update a', 'Pulled', 'Created', 'Started']);
  });

  it("writes the kubelet's events about the pod's containers, from the node they run on", () => {
    const controller = nodeAgentController(nodes, profiles.general);
    const cluster = new InMemoryCluster(controller.indexes);
    cluster.write([{ kind: 'create', resource: resourceInfo('', 'namespaces'), object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } } }], at(0));
    cluster.write([{ kind: 'create', resource: resourceInfo('', 'pods'), object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'default' }, spec: { nodeName: 'node-1', containers: [{ name: 'web', image: 'nginx', imagePullPolicy: 'Always' }] } } }], at(0));
    const creating = controller.reconcile('pods/node-1', cluster.state, at(0)).writes;
    expect(creating.find((w) => w.kind === 'create')?.object).toMatchObject({
      kind: 'Event',
      involvedObject: { kind: 'Pod', name: 'a', namespace: 'default', fieldPath: 'spec.containers{web}' },
      reason: 'Pulling',
      message: 'Pulling image "nginx"',
      type: 'Normal',
      source: { component: 'kubelet', host: 'node-1' },
      reportingComponent: 'kubelet',
      reportingInstance: 'node-1',
    });
  });

  it('reports Killing as a slow pod begins to stop, once, and deletes it when its containers have stopped', () => {
    const controller = nodeAgentController(nodes, profiles.general);
    const cluster = new InMemoryCluster(controller.indexes);
    cluster.write([{ kind: 'create', resource: resourceInfo('', 'namespaces'), object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } } }], at(0));
    const manifest = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'default', annotations: { 'kronicle.dev/stop-seconds': '5' } }, spec: { nodeName: 'node-1', containers: [{ name: 'web', image: 'nginx', imagePullPolicy: 'IfNotPresent' }] } };
    cluster.write([{ kind: 'create', resource: resourceInfo('', 'pods'), object: manifest }], at(0));
    for (const second of [0, 1]) cluster.write(controller.reconcile('pods/node-1', cluster.state, at(second)).writes, at(second));
    cluster.write([{ kind: 'delete', resource: resourceInfo('', 'pods'), namespace: 'default', name: 'a' }], at(10));
    const describe = (writes: { kind: string; object?: KubeObject & { reason?: string; message?: string } }[]) => writes.map((w) => (w.kind === 'create' ? `${w.object?.reason}: ${w.object?.message}` : w.kind));

    const stopping = controller.reconcile('pods/node-1', cluster.state, at(10));
    expect({ writes: describe(stopping.writes), requeueAfterMs: stopping.requeueAfterMs }).toEqual({ writes: ['Killing: Stopping container web'], requeueAfterMs: 5000 });
    cluster.write(stopping.writes, at(10));
    expect(controller.reconcile('pods/node-1', cluster.state, at(12))).toEqual({ writes: [], requeueAfterMs: 3000 });
    // The kubelet's last status of the pod, then its delete.
    expect(describe(controller.reconcile('pods/node-1', cluster.state, at(15)).writes)).toEqual(['update', 'delete']);
  });

  it('reports Killing for a running pod deleted at once (forced), and once for one it deletes itself', () => {
    const { controller, cluster } = setup(profiles.general);
    const pods = resourceInfo('', 'pods');
    const run = (name: string) =>
      cluster.act([{ kind: 'create', resource: pods, object: { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { nodeName: 'node-1', containers: [{ name: 'web', image: 'nginx' }] } } }], [controller], at(2));
    run('forced');
    run('graceful');
    // The general profile's ContainerCreating second, then Running.
    cluster.settle([controller], at(4));
    cluster.act([{ kind: 'delete', resource: pods, namespace: 'default', name: 'forced', options: { gracePeriodSeconds: 0 } }], [controller], at(5));
    cluster.act([{ kind: 'delete', resource: pods, namespace: 'default', name: 'graceful' }], [controller], at(5));
    const killing = cluster.state
      .list({ group: '', resource: 'events' })
      .map((s) => s.object as KubeObject & { reason: string; message: string; count: number; involvedObject: { name: string } })
      .filter((e) => e.reason === 'Killing')
      .map((e) => `${e.involvedObject.name}: ${e.message} (${e.count})`)
      .sort();
    expect(killing).toEqual(['forced: Stopping container web (1)', 'graceful: Stopping container web (1)']);
    expect(cluster.state.list({ group: '', resource: 'pods' })).toEqual([]);
  });

  it('reports Killing for a pod deleted at once again when the append that carried it was refused', () => {
    const { controller, cluster } = setup(profiles.general);
    const pods = resourceInfo('', 'pods');
    cluster.act([{ kind: 'create', resource: pods, object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'forced', namespace: 'default' }, spec: { nodeName: 'node-1', containers: [{ name: 'web', image: 'nginx' }] } } }], [controller], at(2));
    cluster.settle([controller], at(4));
    // The delete, seen by the agent, whose report is then refused (nothing written).
    for (const change of cluster.write([{ kind: 'delete', resource: pods, namespace: 'default', name: 'forced', options: { gracePeriodSeconds: 0 } }], at(5))) controller.keysFor(change, cluster.state);
    const reasons = () => controller.reconcile('pods/node-1', cluster.state, at(5)).writes.map((w) => (w.kind === 'create' ? (w.object as { reason?: string }).reason : w.kind));
    expect(reasons()).toEqual(['Killing']);
    const again = controller.reconcile('pods/node-1', cluster.state, at(6)).writes;
    expect(again.map((w) => (w.kind === 'create' ? (w.object as { reason?: string }).reason : w.kind))).toEqual(['Killing']);
    cluster.write(again, at(6));
    expect(reasons()).toEqual([]);
  });
});
