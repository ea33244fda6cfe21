import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kronicle/contracts';
import { eventually } from '@kronicle/testing';
import { apiRequest } from '../support/api-client';
import { meshPerFile } from '../support/mesh-per-file';

type Condition = { type: string; status: string; reason?: string; message?: string };
type Pod = KubeObject & { spec: { nodeName?: string }; status?: { phase?: string; conditions?: Condition[] } };

const deployment = JSON.stringify({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
});
const budget = (minAvailable: number, name = 'web') => JSON.stringify({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name }, spec: { minAvailable, selector: { matchLabels: { app: 'web' } } } });

describe('PodDisruptionBudgets and kubectl drain', () => {
  const { mesh, kubectl } = meshPerFile();
  const ok = async (args: string[], input?: string) => {
    const result = await kubectl(args, { input });
    expect(result.stderr, `kubectl ${args.join(' ')}`).toBe('');
    return result.stdout;
  };
  const readyPods = async () =>
    (JSON.parse(await ok(['get', 'pods', '-l', 'app=web', '-o', 'json'])).items as Pod[]).filter(
      (p) => !p.metadata.deletionTimestamp && p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
    );
  let node = '';

  it('given a Deployment of 2 and minAvailable 2, then kubectl get pdb shows 0 allowed disruptions', async () => {
    await ok(['apply', '-f', '-'], deployment);
    await ok(['apply', '-f', '-'], budget(2));
    const pods = await eventually(async () => {
      const ready = await readyPods();
      expect(ready).toHaveLength(2);
      return ready;
    });
    node = pods[0].spec.nodeName ?? '';
    const table = await eventually(async () => {
      const out = await ok(['get', 'pdb', 'web']);
      expect(out).toMatch(/^web\s+2\s+N\/A\s+0\s+\S+$/m);
      return out;
    });
    expect(table).toMatch(/^NAME\s+MIN AVAILABLE\s+MAX UNAVAILABLE\s+ALLOWED DISRUPTIONS\s+AGE$/m);
    const status = JSON.parse(await ok(['get', 'pdb', 'web', '-o', 'json'])).status;
    expect(status).toMatchObject({ observedGeneration: 1, currentHealthy: 2, desiredHealthy: 2, expectedPods: 2, disruptionsAllowed: 0 });
    expect(status.conditions).toEqual([expect.objectContaining({ type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods' })]);
  });

  it('then kubectl drain cannot evict the pod and says why', async () => {
    const drain = await kubectl(['drain', node, '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=15s'], { timeoutMs: 40_000 });
    expect(drain.code).not.toBe(0);
    expect(drain.stdout + drain.stderr).toContain("Cannot evict pod as it would violate the pod's disruption budget");
    expect(await readyPods()).toHaveLength(2);
  }, 45_000);

  it('given minAvailable 1, then the drain goes through and the pods come back on other nodes', async () => {
    await ok(['apply', '-f', '-'], budget(1));
    await eventually(async () => expect(await ok(['get', 'pdb', 'web'])).toMatch(/^web\s+1\s+N\/A\s+1\s/m));
    const drain = await kubectl(['drain', node, '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=60s'], { timeoutMs: 70_000 });
    expect(drain.stdout + drain.stderr).toMatch(new RegExp(`node/${node} drained`));
    const pods = await eventually(async () => {
      const ready = await readyPods();
      expect(ready).toHaveLength(2);
      return ready;
    });
    expect(pods.map((p) => p.spec.nodeName)).not.toContain(node);
    await eventually(async () => expect(await ok(['get', 'pdb', 'web'])).toMatch(/^web\s+1\s+N\/A\s+1\s/m));
    await ok(['uncordon', node]);
  }, 80_000);

  it('the eviction subresource answers as upstream: 400 for another name, 500 for two budgets, 429 with the budget\'s cause', async () => {
    const [pod] = await readyPods();
    const name = pod.metadata.name ?? '';
    const evict = (evicted = name) =>
      apiRequest(mesh(), 'POST', `/api/v1/namespaces/default/pods/${name}/eviction`, { body: JSON.stringify({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: evicted, namespace: 'default' } }) });
    expect((await evict('other')).json()).toMatchObject({ code: 400, message: 'name in URL does not match name in Eviction object' });

    await ok(['apply', '-f', '-'], budget(1, 'web-too'));
    const twice = await evict();
    expect(twice.status).toBe(500);
    expect(twice.json()).toMatchObject({ status: 'Failure', message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.' });
    await ok(['delete', 'pdb', 'web-too']);

    await ok(['apply', '-f', '-'], budget(2));
    await eventually(async () => expect(await ok(['get', 'pdb', 'web'])).toMatch(/^web\s+2\s+N\/A\s+0\s/m));
    const refused = await evict();
    expect(refused.status).toBe(429);
    expect(refused.json()).toMatchObject({
      reason: 'TooManyRequests',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget web needs 2 healthy pods and has 2 currently' }] },
    });
    expect(await readyPods()).toHaveLength(2);
  });

  it('two evictions at once against a budget that allows one: one pod goes, the other is refused', async () => {
    // Bare pods: no controller replaces the evicted one, which would make a disruption allowed again.
    const solo = (name: string) => JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'solo' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    for (const name of ['solo-1', 'solo-2']) await ok(['apply', '-f', '-'], solo(name));
    await ok(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'solo' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'solo' } } } }));
    await eventually(async () => expect(await ok(['get', 'pdb', 'solo'])).toMatch(/^solo\s+1\s+N\/A\s+1\s/m));
    const answers = await Promise.all(
      ['solo-1', 'solo-2'].map((name) => apiRequest(mesh(), 'POST', `/api/v1/namespaces/default/pods/${name}/eviction`, { body: JSON.stringify({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name } }) })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 429]);
    const status = JSON.parse(await ok(['get', 'pdb', 'solo', '-o', 'json'])).status;
    expect(status.disruptionsAllowed).toBe(0);
    await ok(['delete', 'pdb', 'solo']);
  });

  it('an evicted pod with a grace period shows DisruptionTarget while Terminating', async () => {
    // Its container takes 10 minutes to stop: the pod stays Terminating until forced.
    const slow = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'slow', annotations: { 'kronicle.dev/stop-seconds': '600' } }, spec: { terminationGracePeriodSeconds: 600, containers: [{ name: 'c', image: 'nginx' }] } };
    await ok(['apply', '-f', '-'], JSON.stringify(slow));
    await eventually(async () => expect(JSON.parse(await ok(['get', 'pod', 'slow', '-o', 'json'])).status.phase).toBe('Running'));
    const evicted = await apiRequest(mesh(), 'POST', '/api/v1/namespaces/default/pods/slow/eviction', { body: JSON.stringify({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'slow' } }) });
    expect(evicted.status).toBe(201);
    const pod = JSON.parse(await ok(['get', 'pod', 'slow', '-o', 'json'])) as Pod;
    expect(pod.metadata.deletionTimestamp).toBeDefined();
    expect(pod.status?.conditions).toContainEqual(expect.objectContaining({ type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' }));
    expect(await ok(['get', 'pod', 'slow'])).toMatch(/^slow\s+1\/1\s+Terminating\s/m);
    // kubectl warns on stderr about a forced delete.
    expect((await kubectl(['delete', 'pod', 'slow', '--grace-period=0', '--force'])).code).toBe(0);
  });

  it('a budget that selects no pod: kubectl get events shows NoPods', async () => {
    await ok(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'empty' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'none' } } } }));
    await eventually(async () => expect(await ok(['get', 'events', '--field-selector', 'involvedObject.name=empty'])).toMatch(/Normal\s+NoPods\s+poddisruptionbudget\/empty\s+No matching pods found/));
    await ok(['delete', 'pdb', 'empty']);
  });

  it('pods of a Job under a maxUnavailable budget: SyncFailed says jobs have no scale, and a CalculateExpectedPodCountFailed event', async () => {
    // The Job's pod (labelled from its template, running until deleted) is what the budget selects.
    const template = { metadata: { labels: { app: 'batch' }, annotations: { 'kronicle.dev/run-seconds': '3600' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } };
    await ok(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'batch' }, spec: { template } }));
    await ok(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'batch' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'batch' } } } }));
    await eventually(async () => {
      const status = JSON.parse(await ok(['get', 'pdb', 'batch', '-o', 'json'])).status;
      expect(status.disruptionsAllowed).toBe(0);
      expect(status.conditions).toEqual([expect.objectContaining({ type: 'DisruptionAllowed', status: 'False', reason: 'SyncFailed', message: 'jobs.batch does not implement the scale subresource' })]);
    });
    const events = await ok(['get', 'events', '--field-selector', 'involvedObject.name=batch,reason=CalculateExpectedPodCountFailed']);
    expect(events).toMatch(/Warning\s+CalculateExpectedPodCountFailed\s+poddisruptionbudget\/batch\s+Failed to calculate the number of expected pods: jobs.batch does not implement the scale subresource/);
    await ok(['delete', 'pdb', 'batch']);
    await ok(['delete', 'job', 'batch']);
  });
});
