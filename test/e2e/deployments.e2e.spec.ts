import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '@kronicle/contracts';
import { createPgEventStore } from '@kronicle/event-store';
import { ClusterState } from '@kronicle/projection';
import { example } from '../support/examples';
import { describedEvent, kubectlFor } from '../support/kubectl';
import { startMesh, type Mesh } from '../support/mesh';
import { eventually as eventuallyWithin } from '@kronicle/testing';

const eventually = <T>(check: () => Promise<T>, timeoutMs = 30_000) => eventuallyWithin(check, timeoutMs);


type ReplicaSetJson = KubeObject & { spec: { replicas?: number }; status?: Record<string, unknown> };
type Pod = KubeObject & { status?: { phase?: string; conditions?: { type: string; status: string }[] } };
const isActive = (p: Pod) => !p.metadata.deletionTimestamp && p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded';
const isReady = (p: Pod) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

describe('Deployments through kubectl', () => {
  let mesh: Mesh;
  let kubectl: ReturnType<typeof kubectlFor>;
  const run = async (...args: string[]) => {
    const result = await kubectl(args, { timeoutMs: 90_000 });
    expect(result.stderr, `kubectl ${args.join(' ')}`).toBe('');
    return result.stdout;
  };
  const rolledOut = async (name = 'nginx-deployment') => expect(await run('rollout', 'status', `deployment/${name}`, '--timeout=60s')).toMatch(`deployment "${name}" successfully rolled out`);
  const jsonpath = (kind: string, path: string) => run('get', kind, '-o', `jsonpath=${path}`);
  const images = async () => (await jsonpath('pods', '{range .items[?(@.metadata.deletionTimestamp)]}{end}{range .items[*]}{.spec.containers[0].image}{" "}{.metadata.deletionTimestamp}{"\\n"}{end}')).split('\n').filter((l) => l && !l.includes('T')).map((l) => l.trim());

  beforeAll(async () => {
    // A small events stream: JetStream reserves its maximum size on a NATS server shared with other tests.
    mesh = await startMesh({ KRONICLE_EVENTS_MAX_BYTES: String(64 * 1024 ** 2) });
    kubectl = kubectlFor(mesh.kubeconfig);
  });
  afterAll(async () => mesh?.destroy());

  it('applies the documentation manifest unchanged and rolls it out', async () => {
    expect(await run('apply', '-f', example('nginx-deployment.yaml'))).toBe('deployment.apps/nginx-deployment created\n');
    await rolledOut();
    const table = await run('get', 'deployment', 'nginx-deployment');
    expect(table).toMatch(/nginx-deployment\s+3\/3\s+3\s+3/);
    expect(await run('get', 'rs')).toMatch(/nginx-deployment-[a-z0-9]+\s+3\s+3\s+3/);
    const describe = await run('describe', 'deployment', 'nginx-deployment');
    expect(describe).toMatch(describedEvent('Normal', 'ScalingReplicaSet', 'deployment-controller', 'Scaled up replica set nginx-deployment-[a-z0-9]+ from 0 to 3'));
    expect(await run('get', 'events', '--field-selector', 'reason=SuccessfulCreate')).toMatch(/Created pod: nginx-deployment-[a-z0-9]+-[a-z0-9]{5}/);
    // As upstream prints it: the template's ObjectMeta is a struct, its zero creationTimestamp printed as null.
    expect(await run('get', 'deployment', 'nginx-deployment', '-o', 'yaml')).toMatch(/\n {2}template:\n {4}metadata:\n {6}creationTimestamp: null\n/);
  }, 120_000);

  it('rolls out a new image within maxSurge and maxUnavailable at every position of the log', async () => {
    const store = await createPgEventStore({ connectionString: mesh.databaseUrl });
    try {
      const from = await store.headPosition();
      await run('set', 'image', 'deployment/nginx-deployment', 'nginx=nginx:1.16.1');
      await run('annotate', 'deployment', 'nginx-deployment', 'kubernetes.io/change-cause=image updated to 1.16.1');
      await rolledOut();
      const to = await store.headPosition();

      // Replay the log: the state after every single event, from the change to the end of the rollout.
      const state = new ClusterState();
      const counts: { active: number; ready: number }[] = [];
      for (let after = 0; after < to; ) {
        const page = await store.readAll(after, 5000);
        for (const event of page) {
          if (event.position > to) break;
          state.apply(event);
          if (event.position <= from) continue;
          const pods = state.list({ group: '', resource: 'pods', namespace: 'default' }).map((s) => s.object as Pod).filter((p) => p.metadata.labels?.app === 'nginx' && isActive(p));
          counts.push({ active: pods.length, ready: pods.filter(isReady).length });
        }
        after = page.at(-1)?.position ?? to;
      }
      // 3 replicas, 25 % each: maxSurge rounds up to 1, maxUnavailable down to 0.
      expect(Math.max(...counts.map((c) => c.active))).toBe(4);
      expect(Math.min(...counts.map((c) => c.ready))).toBe(3);
      expect(await images()).toEqual(['nginx:1.16.1', 'nginx:1.16.1', 'nginx:1.16.1']);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('lists the revisions with their change-cause, and undoes to the previous and to a given revision', async () => {
    expect(await run('rollout', 'history', 'deployment/nginx-deployment')).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+image updated to 1.16.1\n/);
    expect(await run('rollout', 'undo', 'deployment/nginx-deployment')).toBe('deployment.apps/nginx-deployment rolled back\n');
    await rolledOut();
    expect(await images()).toEqual(['nginx:1.14.2', 'nginx:1.14.2', 'nginx:1.14.2']);
    expect(await run('rollout', 'history', 'deployment/nginx-deployment')).toMatch(/\n2\s+image updated to 1.16.1\n3\s+<none>\n/);
    await run('rollout', 'undo', 'deployment/nginx-deployment', '--to-revision=2');
    await rolledOut();
    expect(await images()).toEqual(['nginx:1.16.1', 'nginx:1.16.1', 'nginx:1.16.1']);
    expect(await run('get', 'rs')).toMatch(/^NAME/);
    expect((await run('get', 'rs', '-o', 'name')).trim().split('\n')).toHaveLength(2);
    // The old ReplicaSet, scaled to 0, as upstream prints it: omitempty leaves out its zero counts and minReadySeconds.
    await eventually(async () => {
      const old = (JSON.parse(await run('get', 'rs', '-o', 'json')) as { items: ReplicaSetJson[] }).items.find((rs) => rs.spec.replicas === 0);
      expect(old?.status).toEqual({ replicas: 0, observedGeneration: expect.any(Number) });
      expect(old?.spec).not.toHaveProperty('minReadySeconds');
    });
  }, 180_000);

  it('pauses, takes changes without rolling, and rolls them out on resume; restarts', async () => {
    await run('rollout', 'pause', 'deployment/nginx-deployment');
    await run('set', 'image', 'deployment/nginx-deployment', 'nginx=nginx:1.17.0');
    await new Promise((r) => setTimeout(r, 1500));
    expect((await run('get', 'rs', '-o', 'name')).trim().split('\n')).toHaveLength(2);
    expect(await jsonpath('deployment/nginx-deployment', '{.status.conditions[?(@.type=="Progressing")].reason}')).toBe('DeploymentPaused');
    await run('rollout', 'resume', 'deployment/nginx-deployment');
    await rolledOut();
    expect(await images()).toEqual(['nginx:1.17.0', 'nginx:1.17.0', 'nginx:1.17.0']);

    const before = await jsonpath('pods', '{.items[*].metadata.name}');
    expect(await run('rollout', 'restart', 'deployment/nginx-deployment')).toBe('deployment.apps/nginx-deployment restarted\n');
    await rolledOut();
    await eventually(async () => {
      const after = (await jsonpath('pods', '{range .items[*]}{.metadata.name}{" "}{.metadata.deletionTimestamp}{"\\n"}{end}')).split('\n').filter((l) => l.trim() && !l.includes('T'));
      expect(after).toHaveLength(3);
      for (const line of after) expect(before.split(' ')).not.toContain(line.trim());
    });
  }, 180_000);

  it('scales 3 → 10 → 2 and replaces a deleted pod', async () => {
    expect(await run('scale', 'deployment/nginx-deployment', '--replicas=10')).toBe('deployment.apps/nginx-deployment scaled\n');
    await rolledOut();
    expect(await jsonpath('deployment/nginx-deployment', '{.status.availableReplicas}')).toBe('10');
    await run('scale', 'deployment/nginx-deployment', '--replicas=2');
    await rolledOut();
    await eventually(async () => expect(await images()).toHaveLength(2));

    const [victim] = (await jsonpath('pods', '{.items[*].metadata.name}')).split(' ');
    await run('delete', 'pod', victim, '--wait=false');
    await eventually(async () => {
      const names = (await jsonpath('pods', '{range .items[*]}{.metadata.name}{" "}{.status.phase}{" "}{.metadata.deletionTimestamp}{"\\n"}{end}')).split('\n').filter((l) => l.includes(' Running ') && !l.includes('T'));
      expect(names).toHaveLength(2);
      expect(names.join()).not.toContain(victim);
    });
  }, 180_000);

  it('combines similar Events as upstream’s recorder: a ReplicaSet creating 12 pods shows 9 Events, then one "(combined from similar events)" counting the rest', async () => {
    await run('create', 'deployment', 'twelve', '--image=nginx:1.14.2', '--replicas=12');
    await rolledOut('twelve');
    const replicaSet = await jsonpath('replicasets', '{.items[?(@.metadata.ownerReferences[0].name=="twelve")].metadata.name}');
    const events = async () =>
      (await jsonpath('events', `{range .items[?(@.involvedObject.name=="${replicaSet}")]}{.reason}{"|"}{.count}{"|"}{.message}{"\\n"}{end}`))
        .split('\n')
        .filter((line) => line.startsWith('SuccessfulCreate|'));
    await eventually(async () => {
      const created = await events();
      const combined = created.filter((line) => line.includes('(combined from similar events): Created pod: twelve-'));
      expect(created).toHaveLength(10);
      expect(combined).toHaveLength(1);
      expect(combined[0].split('|')[1]).toBe('3');
    });
  }, 120_000);

  it('ends a rollout stuck on a crashing container with ProgressDeadlineExceeded, and rollout status fails', async () => {
    const manifest = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: crasher
spec:
  replicas: 2
  # A crashing container is Ready for a moment after each start: only minReadySeconds of readiness counts.
  minReadySeconds: 3
  progressDeadlineSeconds: 5
  selector:
    matchLabels: { app: crasher }
  template:
    metadata:
      labels: { app: crasher }
    spec:
      containers:
      - name: app
        image: busybox:1.36
`;
    await kubectl(['apply', '-f', '-'], { input: manifest });
    await rolledOut('crasher');
    await run('patch', 'deployment', 'crasher', '-p', '{"spec":{"template":{"metadata":{"annotations":{"kronicle.dev/crash":"true"}}}}}');
    const status = await kubectl(['rollout', 'status', 'deployment/crasher', '--timeout=60s'], { timeoutMs: 90_000 });
    expect(status.code).not.toBe(0);
    expect(status.stderr).toMatch(/deployment "crasher" exceeded its progress deadline/);
    expect(await jsonpath('deployment/crasher', '{.status.conditions[?(@.type=="Progressing")].reason}')).toBe('ProgressDeadlineExceeded');
  }, 120_000);

  it('refuses an invalid strategy, a selector not matching the template and a changed selector with 422, changing nothing', async () => {
    const before = await jsonpath('deployment/nginx-deployment', '{.metadata.resourceVersion}');
    const bothZero = await kubectl(['patch', 'deployment', 'nginx-deployment', '-p', '{"spec":{"strategy":{"rollingUpdate":{"maxSurge":0,"maxUnavailable":0}}}}']);
    expect(bothZero.code).not.toBe(0);
    expect(bothZero.stderr).toMatch(/spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0/);
    const selector = await kubectl(['patch', 'deployment', 'nginx-deployment', '--type=merge', '-p', '{"spec":{"selector":{"matchLabels":{"app":"other"}}}}']);
    expect(selector.code).not.toBe(0);
    expect(selector.stderr).toMatch(/field is immutable/);
    const mismatch = await kubectl(['apply', '-f', '-'], { input: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: mismatch }\nspec:\n  selector: { matchLabels: { app: a } }\n  template:\n    metadata: { labels: { app: b } }\n    spec: { containers: [ { name: c, image: busybox } ] }\n' });
    expect(mismatch.code).not.toBe(0);
    expect(mismatch.stderr).toMatch(/spec.template.metadata.labels: Invalid value: .*`selector` does not match template `labels`/);
    expect(await jsonpath('deployment/nginx-deployment', '{.metadata.resourceVersion}')).toBe(before);
  }, 60_000);
});
