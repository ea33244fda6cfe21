import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { describedEvent, kubectlFor } from '../support/kubectl';
import { startMesh, type Mesh } from '../support/mesh';
import { eventually, freePort } from '@kronicle/testing';

/** The node-agent process of this mesh (found by its cluster name), to pause it as if its machine were lost. */
function nodeAgentPid(cluster: string): number {
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const environ = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      if (cmdline.includes('services/node-agent/dist/main.js') && environ.includes(`KRONICLE_CLUSTER=${cluster}`)) return Number(entry);
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  throw new Error(`no node-agent for ${cluster}`);
}

const podManifest = (name: string, spec: object, annotations: Record<string, string> = {}) =>
  JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name, annotations }, spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec } });

describe('pods on nodes through kubectl', () => {
  let mesh: Mesh;
  let kubectl: ReturnType<typeof kubectlFor>;
  const json = async (args: string[]) => {
    const result = await kubectl([...args, '-o', 'json']);
    if (result.code !== 0) throw new Error(result.stderr);
    return JSON.parse(result.stdout);
  };
  const podsOn = async (node: string) => (await json(['get', 'pods', '--field-selector', `spec.nodeName=${node}`])).items.map((p: { metadata: { name: string } }) => p.metadata.name);

  beforeAll(async () => {
    Object.assign(process.env, {
      KRONICLE_SCHEDULER_PORT: String(await freePort()),
      KRONICLE_NODE_AGENT_PORT: String(await freePort()),
      KRONICLE_NODE_LIFECYCLE_PORT: String(await freePort()),
      KRONICLE_HEARTBEAT_MS: '500',
      KRONICLE_NODE_GRACE_MS: '3000',
      KRONICLE_NODE_STATUS_REPORT_MS: '3000',
    });
    mesh = await startMesh();
    kubectl = kubectlFor(mesh.kubeconfig);
  });
  afterAll(async () => mesh?.destroy());

  it('shows three Ready nodes as soon as the mesh is up', async () => {
    const wide = (await kubectl(['get', 'nodes', '-o', 'wide'])).stdout;
    expect(wide.match(/ Ready /g)).toHaveLength(3);
    expect(wide).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\s+INTERNAL-IP/);
    expect(wide).toMatch(/^node-1\s+Ready\s+<none>\s+\S+\s+v1\.32\.0\s+172\.16\.0\.1\s/m);
  });

  it('an unchanged node status is posted again (nodeStatusReportFrequency, shortened here): LastHeartbeatTime moves, LastTransitionTime does not', async () => {
    const ready = async () => (await json(['get', 'node', 'node-2'])).status.conditions.find((c: { type: string }) => c.type === 'Ready');
    const before = await ready();
    const after = await eventually(async () => {
      const now = await ready();
      expect(Date.parse(now.lastHeartbeatTime)).toBeGreaterThan(Date.parse(before.lastHeartbeatTime));
      return now;
    }, 15_000);
    expect(after).toMatchObject({ status: 'True', lastTransitionTime: before.lastTransitionTime });
  });

  it('kubectl run gives a Running pod with an IP from its node podCIDR', async () => {
    expect((await kubectl(['run', 'web', '--image=nginx'])).stdout).toBe('pod/web created\n');
    const pod = await eventually(async () => {
      const p = await json(['get', 'pod', 'web']);
      expect(p.status.phase).toBe('Running');
      expect(p.status.conditions).toContainEqual(expect.objectContaining({ type: 'Ready', status: 'True' }));
      return p;
    });
    // Upstream's Priority admission: no class and no global default give 0 and PreemptLowerPriority;
    // its ServiceAccount admission: the namespace's default account, under both of v1's names for it.
    expect(pod.spec).toMatchObject({ priority: 0, preemptionPolicy: 'PreemptLowerPriority', serviceAccountName: 'default', serviceAccount: 'default' });
    const node = await json(['get', 'node', pod.spec.nodeName]);
    const [a, b, c] = node.spec.podCIDR.split('.');
    expect(pod.status.podIP.startsWith(`${a}.${b}.${c}.`)).toBe(true);
    expect((await kubectl(['get', 'pods', '-o', 'wide'])).stdout).toMatch(new RegExp(`^web\\s+1/1\\s+Running\\s+0\\s+\\S+\\s+${pod.status.podIP.replace(/\./g, '\\.')}\\s+${pod.spec.nodeName}`, 'm'));
    const describe = (await kubectl(['describe', 'pod', 'web'])).stdout;
    expect(describe).toMatch(/^Service Account:\s+default$/m);
    expect(describe).toMatch(describedEvent('Normal', 'Scheduled', 'default-scheduler', `Successfully assigned default/web to ${pod.spec.nodeName}`));
    // An untagged image is pulled Always (upstream's defaulting): the pull spans ContainerCreating.
    expect(describe).toMatch(describedEvent('Normal', 'Pulling', 'kubelet', 'Pulling image "nginx"'));
    expect(describe).toMatch(describedEvent('Normal', 'Pulled', 'kubelet', String.raw`Successfully pulled image "nginx" in (\S+) \(\1 including waiting\)\. Image size: 0 bytes\.`));
    expect(describe).toMatch(describedEvent('Normal', 'Created', 'kubelet', 'Created container: web'));
    expect(describe).toMatch(describedEvent('Normal', 'Started', 'kubelet', 'Started container web'));
  });

  it('a pod on the host network (kubectl debug node/…) has its node address as pod IP', async () => {
    const debug = await kubectl(['debug', 'node/node-2', '--image=busybox', '--profile=general']);
    const name = /Creating debugging pod (\S+) /.exec(debug.stdout)?.[1];
    expect(name).toMatch(/^node-debugger-node-2-/);
    await eventually(async () => {
      const pod = await json(['get', 'pod', name!]);
      expect(pod.spec.hostNetwork).toBe(true);
      expect(pod.status).toMatchObject({ phase: 'Running', podIP: pod.status.hostIP, podIPs: [{ ip: pod.status.hostIP }] });
    });
    await kubectl(['delete', 'pod', name!, '--grace-period=0', '--force']);
  });

  it('init containers run first (Init:0/1, then PodInitializing), then the pod runs; logs and describe show them', async () => {
    // A watch from before the create sees every STATUS kubectl prints on the way.
    const watching = kubectl(['get', 'pods', '--watch', '--request-timeout=8s'], { timeoutMs: 15_000 });
    await new Promise((r) => setTimeout(r, 1000));
    expect((await kubectl(['apply', '-f', '-'], { input: podManifest('initialized', { initContainers: [{ name: 'setup', image: 'busybox:1.36' }] }) })).code).toBe(0);
    await eventually(async () => expect((await json(['get', 'pod', 'initialized'])).status.phase).toBe('Running'), 15_000);
    const seen = (await watching).stdout.split('\n').flatMap((line) => (line.startsWith('initialized ') ? [line.split(/\s+/)[2]] : []));
    expect(seen.filter((status, i) => status !== seen[i - 1])).toEqual(['Pending', 'Init:0/1', 'PodInitializing', 'Running']);

    expect((await kubectl(['logs', 'initialized', '-c', 'setup'])).stdout).toMatch(/^\S+ setup: started busybox:1\.36\n\S+ setup: exited with code 0\n$/);
    const described = (await kubectl(['describe', 'pod', 'initialized'])).stdout;
    expect(described).toMatch(/Init Containers:\n  setup:\n[\s\S]*?State:\s+Terminated\n\s+Reason:\s+Completed\n\s+Exit Code:\s+0/);
    expect(described).toMatch(/Initialized\s+True/);
    expect(described).toMatch(describedEvent('Normal', 'Started', 'kubelet', 'Started container setup'));
  }, 30_000);

  it('a failing init container: Init:Error under restartPolicy Never, Init:CrashLoopBackOff otherwise', async () => {
    const failing = (name: string, restartPolicy: string) =>
      podManifest(name, { restartPolicy, initContainers: [{ name: 'setup', image: 'busybox:1.36' }] }, { 'kronicle.dev/init-exit-code': '2' });
    expect((await kubectl(['apply', '-f', '-'], { input: failing('init-never', 'Never') })).code).toBe(0);
    expect((await kubectl(['apply', '-f', '-'], { input: failing('init-always', 'Always') })).code).toBe(0);
    const status = async (name: string) => (await kubectl(['get', 'pod', name, '--no-headers'])).stdout.split(/\s+/)[2];
    await eventually(async () => expect(await status('init-never')).toBe('Init:Error'), 15_000);
    expect((await json(['get', 'pod', 'init-never'])).status.phase).toBe('Failed');
    await eventually(async () => expect(await status('init-always')).toBe('Init:CrashLoopBackOff'), 15_000);
    expect((await kubectl(['describe', 'pod', 'init-always'])).stdout).toMatch(describedEvent('Warning', 'BackOff', 'kubelet', String.raw`Back-off restarting failed container setup in pod init-always_default\(`));
    expect((await kubectl(['delete', 'pod', 'init-never', 'init-always'])).code).toBe(0);
  }, 40_000);

  it('a pod whose Secret or ConfigMap is missing: CreateContainerConfigError, or ContainerCreating with FailedMount, until it is created', async () => {
    const env = podManifest('needs-secret', { containers: [{ name: 'app', image: 'nginx', env: [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db-creds', key: 'password' } } }] }] });
    const volume = podManifest('needs-config', { containers: [{ name: 'app', image: 'nginx', volumeMounts: [{ name: 'config', mountPath: '/etc/app' }] }], volumes: [{ name: 'config', configMap: { name: 'app-config' } }] });
    for (const manifest of [env, volume]) expect((await kubectl(['apply', '-f', '-'], { input: manifest })).code).toBe(0);
    const status = async (name: string) => (await kubectl(['get', 'pod', name, '--no-headers'])).stdout.split(/\s+/)[2];

    await eventually(async () => expect(await status('needs-secret')).toBe('CreateContainerConfigError'), 15_000);
    const secretPod = await json(['get', 'pod', 'needs-secret']);
    expect(secretPod.status).toMatchObject({ phase: 'Pending', containerStatuses: [{ state: { waiting: { reason: 'CreateContainerConfigError', message: 'secret "db-creds" not found' } } }] });
    expect((await kubectl(['describe', 'pod', 'needs-secret'])).stdout).toMatch(describedEvent('Warning', 'Failed', 'kubelet', 'Error: secret "db-creds" not found'));

    await eventually(async () => expect((await kubectl(['describe', 'pod', 'needs-config'])).stdout).toMatch(describedEvent('Warning', 'FailedMount', 'kubelet', 'MountVolume.SetUp failed for volume "config" : configmap "app-config" not found')), 15_000);
    expect(await status('needs-config')).toBe('ContainerCreating');
    expect((await json(['get', 'pod', 'needs-config'])).status.podIP).toBeUndefined();

    expect((await kubectl(['create', 'secret', 'generic', 'db-creds', '--from-literal=password=s3cret'])).code).toBe(0);
    expect((await kubectl(['create', 'configmap', 'app-config', '--from-literal=mode=fast'])).code).toBe(0);
    // The kubelet tries again on its own schedule (10 s for a container, doubling for a mount), as upstream's does.
    await eventually(async () => expect([await status('needs-secret'), await status('needs-config')]).toEqual(['Running', 'Running']), 30_000);
    expect((await json(['get', 'pod', 'needs-config'])).status.podIP).toMatch(/^10\./);
    expect((await kubectl(['delete', 'pod/needs-secret', 'pod/needs-config', 'secret/db-creds', 'configmap/app-config'])).code).toBe(0);
  }, 60_000);

  it('kubectl exec, attach and port-forward are refused with the reason: a simulated node runs no processes', async () => {
    expect((await kubectl(['apply', '-f', '-'], { input: podManifest('shell', {}) })).code).toBe(0);
    expect((await kubectl(['apply', '-f', '-'], { input: podManifest('nowhere', { nodeSelector: { disk: 'none' } }) })).code).toBe(0);
    await eventually(async () => expect((await json(['get', 'pod', 'shell'])).status.phase).toBe('Running'));
    const exec = await kubectl(['exec', 'shell', '--', 'ls']);
    expect(exec).toMatchObject({ code: 1, stderr: expect.stringContaining('exec is not available for pod shell: node node-') });
    expect((await kubectl(['attach', 'shell'])).stderr).toContain('attach is not available for pod shell');
    // Checked as upstream's API server checks them first.
    expect((await kubectl(['exec', 'shell', '-c', 'nope', '--', 'ls'])).stderr).toContain('container nope is not valid for pod shell');
    expect((await kubectl(['exec', 'nowhere', '--', 'ls'])).stderr).toContain('pod nowhere does not have a host assigned');
    expect((await kubectl(['delete', 'pod', 'shell', 'nowhere'])).code).toBe(0);
  });

  it('the proxy subresources of nodes, pods and services are refused with the reason, after the object is found', async () => {
    const raw = (path: string) => kubectl(['get', '--raw', path]);
    // Once node-1 has registered.
    await eventually(async () =>
      expect((await raw('/api/v1/nodes/node-1/proxy/configz')).stderr).toContain('Error from server (ServiceUnavailable): node proxy is not available: node node-1 is simulated and serves no kubelet API'),
    );
    expect((await raw('/api/v1/namespaces/default/services/http:kubernetes:443/proxy/')).stderr).toContain(
      'Error from server (ServiceUnavailable): service proxy is not available: the pods of service kubernetes are simulated and listen on no port',
    );
    expect((await raw('/api/v1/nodes/node-9/proxy/configz')).stderr).toContain('Error from server (NotFound): nodes "node-9" not found');
  });

  it('kubectl debug adds an ephemeral container that runs beside the pod: describe and logs show it; a taken name is refused', async () => {
    expect((await kubectl(['run', 'debug-me', '--image=nginx'])).code).toBe(0);
    await eventually(async () => expect((await json(['get', 'pod', 'debug-me'])).status.phase).toBe('Running'));
    const debug = await kubectl(['debug', 'debug-me', '--image=busybox', '--container=debugger', '--profile=general']);
    expect(debug).toMatchObject({ code: 0 });
    await eventually(async () => expect((await json(['get', 'pod', 'debug-me'])).status.ephemeralContainerStatuses).toEqual([expect.objectContaining({ name: 'debugger', ready: false, state: { running: expect.anything() } })]));
    expect((await kubectl(['describe', 'pod', 'debug-me'])).stdout).toMatch(/Ephemeral Containers:\n {2}debugger:\n[\s\S]*?Image:\s+busybox\n[\s\S]*?State:\s+Running/);
    expect((await kubectl(['logs', 'debug-me', '-c', 'debugger'])).stdout).toMatch(/debugger: started busybox\n$/);
    const taken = await kubectl(['debug', 'debug-me', '--image=busybox', '--container=debug-me', '--profile=general']);
    expect(taken.stderr).toContain('The Pod "debug-me" is invalid: spec.ephemeralContainers[1].name: Duplicate value: "debug-me"');
    await kubectl(['delete', 'pod', 'debug-me', '--grace-period=0', '--force']);
  });

  it('kubectl set image on a pod: its kubelet kills the container and starts it again with the new image', async () => {
    expect((await kubectl(['run', 'reimaged', '--image=nginx:1.25'])).code).toBe(0);
    await eventually(async () => expect((await json(['get', 'pod', 'reimaged'])).status.phase).toBe('Running'));
    expect((await kubectl(['set', 'image', 'pod/reimaged', 'reimaged=nginx:1.26'])).stdout).toBe('pod/reimaged image updated\n');
    await eventually(async () =>
      expect((await json(['get', 'pod', 'reimaged'])).status.containerStatuses).toEqual([
        expect.objectContaining({ image: 'nginx:1.26', restartCount: 1, state: { running: expect.anything() }, lastState: { terminated: expect.objectContaining({ exitCode: 0, reason: 'Completed' }) } }),
      ]),
    );
    expect((await kubectl(['get', 'pod', 'reimaged'])).stdout).toMatch(/reimaged\s+1\/1\s+Running\s+1 \(\S+ ago\)/);
    const described = (await kubectl(['describe', 'pod', 'reimaged'])).stdout;
    expect(described).toMatch(describedEvent('Normal', 'Killing', 'kubelet', 'Container reimaged definition changed, will be restarted'));
    expect(described).toMatch(describedEvent('Normal', 'Pulled', 'kubelet', 'Container image "nginx:1.26" already present on machine'));
    await kubectl(['delete', 'pod', 'reimaged', '--grace-period=0', '--force']);
  });

  it('deleting a running pod: the kubelet stops its containers (Killing), then the pod is gone', async () => {
    expect((await kubectl(['apply', '-f', '-'], { input: podManifest('short', {}) })).code).toBe(0);
    const running = await eventually(async () => {
      const p = await json(['get', 'pod', 'short']);
      expect(p.status.phase).toBe('Running');
      return p;
    });
    expect((await kubectl(['delete', 'pod', 'short'])).stdout).toBe('pod "short" deleted\n');
    const killing = await kubectl(['get', 'events', '--field-selector', 'involvedObject.name=short,reason=Killing', '-o', 'wide']);
    expect(killing.stdout).toMatch(/Normal\s+Killing\s+pod\/short\s+spec\.containers\{c\}\s+kubelet, node-\d+\s+Stopping container c/);
    // A watch from before the delete sees what upstream's kubelet reports since 1.27: the pod ended
    // (its container terminated, phase Succeeded), then gone.
    const since = `/api/v1/namespaces/default/pods?watch=1&fieldSelector=metadata.name%3Dshort&timeoutSeconds=1&resourceVersion=${running.metadata.resourceVersion}`;
    const seen = (await kubectl(['get', '--raw', since])).stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(seen.map((e: { type: string; object: { status: { phase: string } } }) => `${e.type} ${e.object.status.phase}`).slice(-2)).toEqual(['MODIFIED Succeeded', 'DELETED Succeeded']);
    expect(seen.at(-1).object.status.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
  });

  it('force-deleting a running pod: gone at once, and its kubelet still reports stopping its containers', async () => {
    expect((await kubectl(['apply', '-f', '-'], { input: podManifest('forced', {}) })).code).toBe(0);
    await eventually(async () => expect((await json(['get', 'pod', 'forced'])).status.phase).toBe('Running'));
    expect((await kubectl(['delete', 'pod', 'forced', '--grace-period=0', '--force'])).code).toBe(0);
    expect((await kubectl(['get', 'pod', 'forced'])).stderr).toMatch(/NotFound/);
    const killing = ['get', 'events', '--field-selector', 'involvedObject.name=forced,reason=Killing', '-o', 'custom-columns=COUNT:.count,MESSAGE:.message', '--no-headers'];
    await eventually(async () => expect((await kubectl(killing)).stdout).toMatch(/^1\s+Stopping container c\n$/));
  });

  it('a pod of a PriorityClass that does not exist is refused (403), as upstream refuses it', async () => {
    const refused = await kubectl(['apply', '-f', '-'], { input: podManifest('classless', { priorityClassName: 'nope' }) });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('pods "classless" is forbidden: no PriorityClass with name nope was found');
    expect((await kubectl(['get', 'pod', 'classless'])).stderr).toMatch(/NotFound/);
    const critical = await kubectl(['apply', '-f', '-'], { input: podManifest('critical', { priorityClassName: 'system-cluster-critical' }) });
    expect(critical.code).toBe(0);
    expect((await json(['get', 'pod', 'critical'])).spec).toMatchObject({ priority: 2000000000, preemptionPolicy: 'PreemptLowerPriority' });
    const kept = await kubectl(['delete', 'priorityclass', 'system-cluster-critical']);
    expect(kept.stderr).toContain('priorityclasses.scheduling.k8s.io "system-cluster-critical" is forbidden: this is a system priority class and cannot be deleted');
  });

  it('a pod of a ServiceAccount that does not exist is refused (403); once the account exists it runs as it', async () => {
    const manifest = podManifest('robot-pod', { serviceAccountName: 'robot' });
    const refused = await kubectl(['apply', '-f', '-'], { input: manifest });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('pods "robot-pod" is forbidden: error looking up service account default/robot: serviceaccount "robot" not found');
    expect((await kubectl(['create', 'serviceaccount', 'robot'])).code).toBe(0);
    await eventually(async () => expect((await kubectl(['apply', '-f', '-'], { input: manifest })).code).toBe(0));
    // Running: the kubelet's status writes, which would make the replace below conflict, are done.
    const live = await eventually(async () => {
      const p = await json(['get', 'pod', 'robot-pod']);
      expect(p.status.phase).toBe('Running');
      return p;
    });
    expect(live.spec).toMatchObject({ serviceAccountName: 'robot', serviceAccount: 'robot' });
    // A replace that names the account only once changes nothing of the spec, as upstream's conversion reads it.
    const { serviceAccount: _alias, ...spec } = live.spec;
    expect(await kubectl(['replace', '-f', '-'], { input: JSON.stringify({ ...live, spec }) })).toMatchObject({ code: 0, stdout: 'pod/robot-pod replaced\n' });
  });

  it('a pod with scheduling gates (the docs’ pod-with-scheduling-gates.yaml) waits as SchedulingGated until they are removed; gates are only removed', async () => {
    const gated = `apiVersion: v1
kind: Pod
metadata:
  name: test-pod
spec:
  schedulingGates:
  - name: example.com/foo
  - name: example.com/bar
  containers:
  - name: pause
    image: registry.k8s.io/pause:3.6
`;
    expect((await kubectl(['apply', '-f', '-'], { input: gated })).code).toBe(0);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await kubectl(['get', 'pod', 'test-pod'])).stdout).toMatch(/test-pod\s+0\/1\s+SchedulingGated\s+0\s/);
    expect((await json(['get', 'pod', 'test-pod'])).status.conditions).toEqual([
      { type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: null, reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates' },
    ]);
    const added = await kubectl(['patch', 'pod', 'test-pod', '--type=json', '-p', '[{"op":"add","path":"/spec/schedulingGates/-","value":{"name":"example.com/baz"}}]']);
    expect(added.stderr).toContain(`The Pod "test-pod" is invalid: spec.schedulingGates[2].name: Forbidden: only deletion is allowed, but found new scheduling gate 'example.com/baz'`);
    // Nor bound by hand while gated (upstream answers with a 500 from inside its update).
    const binding = JSON.stringify({ apiVersion: 'v1', kind: 'Binding', metadata: { name: 'test-pod' }, target: { apiVersion: 'v1', kind: 'Node', name: 'node-1' } });
    const bound = await kubectl(['create', '--raw', '/api/v1/namespaces/default/pods/test-pod/binding', '-f', '-'], { input: binding });
    expect(bound.stderr).toContain('Internal error occurred: pod test-pod has non-empty .spec.schedulingGates');
    // While gated it may still be narrowed to nodes.
    expect((await kubectl(['patch', 'pod', 'test-pod', '-p', '{"spec":{"nodeSelector":{"kubernetes.io/hostname":"node-3"}}}'])).code).toBe(0);
    expect((await kubectl(['patch', 'pod', 'test-pod', '--type=json', '-p', '[{"op":"remove","path":"/spec/schedulingGates"}]'])).code).toBe(0);
    await eventually(async () => expect((await json(['get', 'pod', 'test-pod'])).status).toMatchObject({ phase: 'Running', hostIP: expect.any(String) }));
    expect((await json(['get', 'pod', 'test-pod'])).spec.nodeName).toBe('node-3');
    await kubectl(['delete', 'pod', 'test-pod', '--grace-period=0', '--force']);
  });

  it('activeDeadlineSeconds: a pod active longer fails with DeadlineExceeded; the deadline may be lowered, not raised', async () => {
    expect((await kubectl(['apply', '-f', '-'], { input: podManifest('deadline', { activeDeadlineSeconds: 30 }) })).code).toBe(0);
    await eventually(async () => expect((await json(['get', 'pod', 'deadline'])).status.phase).toBe('Running'));
    const raised = await kubectl(['patch', 'pod', 'deadline', '-p', '{"spec":{"activeDeadlineSeconds":60}}']);
    expect(raised.stderr).toContain('The Pod "deadline" is invalid: spec.activeDeadlineSeconds: Invalid value: 60: must be less than or equal to previous value');
    expect((await kubectl(['patch', 'pod', 'deadline', '-p', '{"spec":{"activeDeadlineSeconds":1}}'])).code).toBe(0);
    await eventually(async () =>
      expect((await json(['get', 'pod', 'deadline'])).status).toMatchObject({ phase: 'Failed', reason: 'DeadlineExceeded', message: 'Pod was active on the node longer than the specified deadline' }),
    );
    expect((await kubectl(['describe', 'pod', 'deadline'])).stdout).toMatch(describedEvent('Normal', 'DeadlineExceeded', 'kubelet', 'Pod was active on the node longer than the specified deadline'));
    await kubectl(['delete', 'pod', 'deadline', '--grace-period=0', '--force']);
  });

  it('a pod whose required pod affinity nothing matches (the docs’ with-pod-affinity) waits, and is placed beside the first pod that matches', async () => {
    const affine = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'with-pod-affinity' },
      spec: {
        affinity: {
          podAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchExpressions: [{ key: 'security', operator: 'In', values: ['S1'] }] }, topologyKey: 'topology.kubernetes.io/zone' }],
          },
        },
        containers: [{ name: 'with-pod-affinity', image: 'registry.k8s.io/pause:3.8' }],
      },
    };
    expect((await kubectl(['apply', '-f', '-'], { input: JSON.stringify(affine) })).code).toBe(0);
    await eventually(async () =>
      expect((await kubectl(['get', 'events', '--field-selector', 'involvedObject.name=with-pod-affinity,reason=FailedScheduling'])).stdout).toContain(
        "0/3 nodes are available: 3 node(s) didn't match pod affinity rules. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
      ),
    );
    expect((await kubectl(['run', 'security-s1', '--image=nginx', '--labels=security=S1'])).code).toBe(0);
    const placed = await eventually(async () => {
      const p = await json(['get', 'pod', 'with-pod-affinity']);
      expect(p.spec.nodeName).toBeDefined();
      return p;
    });
    expect(placed.spec.nodeName).toBe((await json(['get', 'pod', 'security-s1'])).spec.nodeName);
    await kubectl(['delete', 'pod', 'with-pod-affinity', 'security-s1', '--grace-period=0', '--force']);
  });

  it('a pod bound to a node by hand that the node cannot hold is refused by its kubelet (OutOfcpu), as upstream admits pods', async () => {
    const overrides = { spec: { nodeName: 'node-1', containers: [{ name: 'greedy', image: 'nginx', resources: { requests: { cpu: '100' } } }] } };
    expect((await kubectl(['run', 'greedy', '--image=nginx', `--overrides=${JSON.stringify(overrides)}`])).code).toBe(0);
    const failed = await eventually(async () => {
      const p = await json(['get', 'pod', 'greedy']);
      expect(p.status.phase).toBe('Failed');
      return p;
    });
    expect(failed.status).toMatchObject({ reason: 'OutOfcpu', message: expect.stringMatching(/^Pod was rejected: Node didn't have enough resource: cpu, requested: 100000, used: \d+, capacity: 4000$/) });
    expect((await kubectl(['get', 'pod', 'greedy'])).stdout).toMatch(/greedy\s+0\/1\s+OutOfcpu\s+0\s/);
    expect((await kubectl(['describe', 'pod', 'greedy'])).stdout).toMatch(describedEvent('Warning', 'OutOfcpu', 'kubelet', "Node didn't have enough resource: cpu, requested: 100000"));
    await kubectl(['delete', 'pod', 'greedy', '--grace-period=0', '--force']);
  });

  it('a pod with a readiness gate is Ready only once another controller sets the gate’s condition, which its kubelet keeps', async () => {
    const gated = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'gated-ready' }, spec: { readinessGates: [{ conditionType: 'example.com/lb-ready' }], containers: [{ name: 'web', image: 'nginx' }] } };
    expect((await kubectl(['apply', '-f', '-'], { input: JSON.stringify(gated) })).code).toBe(0);
    const readyCondition = async () => (await json(['get', 'pod', 'gated-ready'])).status.conditions?.find((c: { type: string }) => c.type === 'Ready');
    await eventually(async () =>
      expect(await readyCondition()).toMatchObject({ status: 'False', reason: 'ReadinessGatesNotReady', message: 'corresponding condition of pod readiness gate "example.com/lb-ready" does not exist.' }),
    );
    expect((await kubectl(['get', 'pod', 'gated-ready', '-o', 'wide'])).stdout).toMatch(/gated-ready\s+1\/1\s+Running\s.*\s0\/1\n$/);
    const setGate = '[{"op":"add","path":"/status/conditions/-","value":{"type":"example.com/lb-ready","status":"True"}}]';
    expect((await kubectl(['patch', 'pod', 'gated-ready', '--subresource=status', '--type=json', '-p', setGate])).code).toBe(0);
    await eventually(async () => expect(await readyCondition()).toMatchObject({ status: 'True' }));
    expect((await kubectl(['get', 'pod', 'gated-ready', '-o', 'wide'])).stdout).toMatch(/\s1\/1\n$/);
    expect((await json(['get', 'pod', 'gated-ready'])).status.conditions).toContainEqual(expect.objectContaining({ type: 'example.com/lb-ready', status: 'True' }));
    await kubectl(['delete', 'pod', 'gated-ready', '--grace-period=0', '--force']);
  });

  it('RuntimeClasses (the docs’ myclass, and kata-fc with an overhead): a pod gets its class’s overhead; one naming no class is refused', async () => {
    const classes = `apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata:
  name: myclass
handler: myconfiguration
---
apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata:
  name: kata-fc
handler: kata-fc
overhead:
  podFixed:
    memory: "120Mi"
    cpu: "250m"
`;
    expect((await kubectl(['apply', '-f', '-'], { input: classes })).stdout).toBe('runtimeclass.node.k8s.io/myclass created\nruntimeclass.node.k8s.io/kata-fc created\n');
    expect((await kubectl(['get', 'runtimeclass'])).stdout).toMatch(/^NAME\s+HANDLER\s+AGE\nkata-fc\s+kata-fc\s+\d+s\nmyclass\s+myconfiguration\s+\d+s\n$/);
    const withClass = (name: string, className: string) => JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { runtimeClassName: className, containers: [{ name: 'c', image: 'nginx' }] } });
    expect((await kubectl(['apply', '-f', '-'], { input: withClass('sandboxed', 'kata-fc') })).code).toBe(0);
    expect((await json(['get', 'pod', 'sandboxed'])).spec.overhead).toEqual({ cpu: '250m', memory: '120Mi' });
    await eventually(async () => expect((await json(['get', 'pod', 'sandboxed'])).status.phase).toBe('Running'));
    const refused = await kubectl(['apply', '-f', '-'], { input: withClass('unsandboxed', 'gvisor') });
    expect(refused.stderr).toContain('pods "unsandboxed" is forbidden: pod rejected: RuntimeClass "gvisor" not found');
    await kubectl(['delete', 'pod', 'sandboxed', '--grace-period=0', '--force']);
  });

  it('a pod asking for more cpu than any node has stays Pending with FailedScheduling', async () => {
    const manifest = podManifest('big', { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '64' } } }] });
    expect((await kubectl(['apply', '-f', '-'], { input: manifest })).code).toBe(0);
    const message = '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';
    const escaped = message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await eventually(async () => expect((await kubectl(['describe', 'pod', 'big'])).stdout).toMatch(describedEvent('Warning', 'FailedScheduling', 'default-scheduler', escaped)));
    expect((await kubectl(['get', 'events', '--field-selector', 'reason=FailedScheduling'])).stdout).toContain(message);
    expect((await json(['get', 'pod', 'big'])).status).toMatchObject({ phase: 'Pending', conditions: [expect.objectContaining({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message })] });
  });

  it('a pod of higher priority that fits nowhere preempts pods of lower priority, as kube-scheduler does', async () => {
    const onNode3 = { nodeSelector: { 'kubernetes.io/hostname': 'node-3' } };
    const threeCores = [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '3' } } }];
    expect((await kubectl(['apply', '-f', '-'], { input: podManifest('filler', { ...onNode3, containers: threeCores }) })).code).toBe(0);
    await eventually(async () => expect((await json(['get', 'pod', 'filler'])).status.phase).toBe('Running'));
    const priorityClass = { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'e2e-high' }, value: 1000000 };
    expect((await kubectl(['apply', '-f', '-'], { input: JSON.stringify(priorityClass) })).code).toBe(0);

    expect((await kubectl(['apply', '-f', '-'], { input: podManifest('vip', { ...onNode3, priorityClassName: 'e2e-high', containers: threeCores }) })).code).toBe(0);
    const vip = await eventually(async () => {
      const p = await json(['get', 'pod', 'vip']);
      expect(p.status.phase).toBe('Running');
      return p;
    });
    expect(vip.spec.nodeName).toBe('node-3');
    expect(vip.status.nominatedNodeName).toBe('node-3');
    expect((await kubectl(['get', 'pod', 'filler'])).stderr).toMatch(/NotFound/);
    const preempted = await kubectl(['get', 'events', '--field-selector', 'involvedObject.name=filler,reason=Preempted', '-o', 'custom-columns=SOURCE:.source.component,MESSAGE:.message', '--no-headers']);
    expect(preempted.stdout).toMatch(new RegExp(`^default-scheduler\\s+Preempted by pod ${vip.metadata.uid} on node node-3\\n$`));
    expect((await kubectl(['delete', 'pod', 'vip'])).code).toBe(0);
    expect((await kubectl(['delete', 'priorityclass', 'e2e-high'])).code).toBe(0);
  });

  it('a cordoned node gets no new pods; uncordoned it does again', async () => {
    expect((await kubectl(['cordon', 'node-1'])).stdout).toBe('node/node-1 cordoned\n');
    const before = await podsOn('node-1');
    for (let i = 0; i < 6; i++) await kubectl(['run', `c${i}`, '--image=nginx']);
    await eventually(async () => {
      const pods = (await json(['get', 'pods'])).items.filter((p: { metadata: { name: string } }) => /^c\d$/.test(p.metadata.name));
      expect(pods.every((p: { spec: { nodeName?: string } }) => p.spec.nodeName)).toBe(true);
    });
    expect(await podsOn('node-1')).toEqual(before);
    expect((await kubectl(['uncordon', 'node-1'])).stdout).toBe('node/node-1 uncordoned\n');
    // The kubelet noticed both, and kubectl describe node shows its Events beside the node controller's.
    await eventually(async () => {
      const describe = (await kubectl(['describe', 'node', 'node-1'])).stdout;
      for (const [reason, source, message] of [
        ['Starting', 'kubelet', 'Starting kubelet\\.'],
        ['NodeReady', 'kubelet', 'Node node-1 status is now: NodeReady'],
        ['RegisteredNode', 'node-controller', 'Node node-1 event: Registered Node node-1 in Controller'],
        ['NodeNotSchedulable', 'kubelet', 'Node node-1 status is now: NodeNotSchedulable'],
        ['NodeSchedulable', 'kubelet', 'Node node-1 status is now: NodeSchedulable'],
      ]) {
        expect(describe).toMatch(describedEvent('Normal', reason, source, message));
      }
    });
  });

  it('kubectl drain evicts the pods of a node', async () => {
    await eventually(async () => expect((await podsOn('node-2')).length).toBeGreaterThan(0));
    const drain = await kubectl(['drain', 'node-2', '--ignore-daemonsets', '--delete-emptydir-data', '--force', '--timeout=60s'], { timeoutMs: 90_000 });
    expect(drain.stderr + drain.stdout).toMatch(/node\/node-2 drained/);
    expect(drain.stdout).toMatch(/evicting pod default\//);
    await eventually(async () => expect(await podsOn('node-2')).toEqual([]));
    await kubectl(['uncordon', 'node-2']);
  });

  it('a NoExecute taint evicts the pods that do not tolerate it (TaintManagerEviction), and keeps those that do', async () => {
    const tolerating = [{ key: 'maintenance', operator: 'Exists', effect: 'NoExecute' }];
    for (const [name, tolerations] of [['stays', tolerating], ['goes', []]] as const) {
      expect((await kubectl(['apply', '-f', '-'], { input: podManifest(`taint-${name}`, { nodeName: 'node-3', tolerations }) })).code).toBe(0);
    }
    await eventually(async () => expect((await json(['get', 'pod', 'taint-goes'])).status.phase).toBe('Running'));
    expect((await kubectl(['taint', 'nodes', 'node-3', 'maintenance=now:NoExecute'])).stdout).toBe('node/node-3 tainted\n');
    await eventually(async () => expect(await podsOn('node-3')).toEqual(['taint-stays']));
    const events = await kubectl(['get', 'events', '--field-selector', 'involvedObject.name=taint-goes', '-o', 'custom-columns=REASON:.reason,MESSAGE:.message']);
    expect(events.stdout).toMatch(/TaintManagerEviction\s+Marking for deletion Pod default\/taint-goes/);
    expect((await kubectl(['taint', 'nodes', 'node-3', 'maintenance=now:NoExecute-'])).stdout).toBe('node/node-3 untainted\n');
    await kubectl(['delete', 'pod', 'taint-stays', '--grace-period=0', '--force']);
  });

  it('a Terminating pod stays through a label write; a second delete may only shorten its grace period', async () => {
    // Its container takes 10 minutes to stop, so it stays Terminating for the whole test.
    const manifest = podManifest('stopping', { terminationGracePeriodSeconds: 600 }, { 'kronicle.dev/stop-seconds': '600' });
    expect((await kubectl(['apply', '-f', '-'], { input: manifest })).code).toBe(0);
    await eventually(async () => expect((await json(['get', 'pod', 'stopping'])).status.phase).toBe('Running'));
    expect((await kubectl(['delete', 'pod', 'stopping', '--wait=false'])).code).toBe(0);
    const marked = await json(['get', 'pod', 'stopping']);
    expect(marked.metadata.deletionGracePeriodSeconds).toBe(600);

    expect((await kubectl(['label', 'pod', 'stopping', 'audit=kept'])).stdout).toBe('pod/stopping labeled\n');
    const labelled = await json(['get', 'pod', 'stopping']);
    expect(labelled.metadata).toMatchObject({ labels: { audit: 'kept' }, deletionTimestamp: marked.metadata.deletionTimestamp });
    expect((await kubectl(['get', 'pod', 'stopping'])).stdout).toMatch(/^stopping\s+1\/1\s+Terminating\s/m);
    // The kubelet reports the stop as it begins, not when the containers are gone.
    const killing = ['get', 'events', '--field-selector', 'involvedObject.name=stopping,reason=Killing', '-o', 'custom-columns=COUNT:.count,MESSAGE:.message', '--no-headers'];
    await eventually(async () => expect((await kubectl(killing)).stdout).toMatch(/^1\s+Stopping container c\n$/));

    expect((await kubectl(['delete', 'pod', 'stopping', '--grace-period=60', '--wait=false'])).code).toBe(0);
    const shortened = await json(['get', 'pod', 'stopping']);
    expect(shortened.metadata.deletionGracePeriodSeconds).toBe(60);
    expect(Date.parse(marked.metadata.deletionTimestamp) - Date.parse(shortened.metadata.deletionTimestamp)).toBe(540_000);

    expect((await kubectl(['delete', 'pod', 'stopping', '--grace-period=0', '--force'])).code).toBe(0);
    await eventually(async () => expect((await kubectl(['get', 'pod', 'stopping'])).stderr).toMatch(/NotFound/));
    // Once: the shortened grace period and the forced end do not report it again.
    expect((await kubectl(killing)).stdout).toMatch(/^1\s+Stopping container c\n$/);
  });

  it('a crashing container shows CrashLoopBackOff with growing restarts', async () => {
    expect((await kubectl(['apply', '-f', '-'], { input: podManifest('crasher', {}, { 'kronicle.dev/crash': 'true' }) })).code).toBe(0);
    await eventually(async () => expect((await kubectl(['get', 'pod', 'crasher'])).stdout).toMatch(/crasher\s+0\/1\s+CrashLoopBackOff\s+1 \(\S+ ago\)/), 20_000);
    await eventually(async () => expect((await kubectl(['get', 'pod', 'crasher'])).stdout).toMatch(/crasher\s+0\/1\s+CrashLoopBackOff\s+2 \(\S+ ago\)/), 30_000);
    const describe = (await kubectl(['describe', 'pod', 'crasher'])).stdout;
    expect(describe).toMatch(describedEvent('Warning', 'BackOff', 'kubelet', 'Back-off restarting failed container c in pod crasher_default'));
    // Each restart starts the container again; the recorder counts the repeats on one Event.
    expect(describe).toMatch(/Normal\s+Started\s+\S+ \(x[2-9] over \S+\)\s+kubelet\s+Started container c/);
  }, 60_000);

  it('a lost node-agent turns its nodes Unknown and evicts pods after their toleration; it recovers when back', async () => {
    const toleration = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 2 };
    expect((await kubectl(['apply', '-f', '-'], { input: podManifest('short', { tolerations: [toleration] }) })).code).toBe(0);
    await eventually(async () => expect((await json(['get', 'pod', 'short'])).status.phase).toBe('Running'));
    const pid = nodeAgentPid(mesh.cluster);
    process.kill(pid, 'SIGSTOP');
    try {
      await eventually(async () => expect((await kubectl(['get', 'nodes'])).stdout.match(/NotReady/g)).toHaveLength(3), 15_000);
      const node = await json(['get', 'node', 'node-1']);
      expect(node.spec.taints).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' })]));
      expect(node.status.conditions).toContainEqual(expect.objectContaining({ type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' }));
      await eventually(async () => expect((await json(['get', 'pod', 'short'])).metadata.deletionTimestamp).toBeDefined(), 10_000);
      // Pods tolerating the taint for the default 300 s stay.
      expect((await json(['get', 'pod', 'web'])).metadata.deletionTimestamp).toBeUndefined();
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await eventually(async () => expect((await kubectl(['get', 'nodes'])).stdout.match(/ Ready /g)).toHaveLength(3), 15_000);
    await eventually(async () => expect((await kubectl(['get', 'pod', 'short'])).stderr).toMatch(/NotFound/), 15_000);
    await eventually(async () => expect((await json(['get', 'node', 'node-1'])).spec.taints ?? []).toEqual([]), 10_000);
    // Its kubelet reported each condition that came back from Unknown, counted on the registration's Events.
    const describe = (await kubectl(['describe', 'node', 'node-1'])).stdout;
    for (const condition of ['NodeHasSufficientMemory', 'NodeHasNoDiskPressure', 'NodeHasSufficientPID', 'NodeReady']) {
      expect(describe).toMatch(new RegExp(String.raw`Normal\s+${condition}\s+\S+ \(x2 over \S+\)\s+kubelet\s+Node node-1 status is now: ${condition}`));
    }
  }, 60_000);

  it('a node-agent that crashed and was started again: its kubelets say they are starting, as upstream’s do at every start', async () => {
    const pid = nodeAgentPid(mesh.cluster);
    process.kill(pid, 'SIGKILL');
    // The supervisor starts it again.
    await eventually(async () => expect(nodeAgentPid(mesh.cluster)).not.toBe(pid), 20_000);
    await eventually(async () => expect((await kubectl(['describe', 'node', 'node-3'])).stdout).toMatch(/Normal\s+Starting\s+\S+ \(x2 over \S+\)\s+kubelet\s+Starting kubelet\./), 20_000);
    await eventually(async () => expect((await kubectl(['get', 'nodes'])).stdout.match(/ Ready /g)).toHaveLength(3), 15_000);
  }, 60_000);
});
