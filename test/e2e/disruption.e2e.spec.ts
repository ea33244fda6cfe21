import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kronicle/contracts';
import { eventually } from '@kronicle/testing';
import { apiRequest } from '../support/api-client';
import { meshPerFile } from '../support/mesh-per-file';

type Pod = KubeObject & { spec: { nodeName?: string }; status?: { conditions?: { type: string; status: string }[] } };

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
    await ok(['apply', '-f', '-'], budget(1));
    await eventually(async () => expect(await ok(['get', 'pdb', 'web'])).toMatch(/^web\s+1\s+N\/A\s+1\s/m));
    const pods = (await readyPods()).map((p) => p.metadata.name ?? '');
    const answers = await Promise.all(
      pods.map((name) => apiRequest(mesh(), 'POST', `/api/v1/namespaces/default/pods/${name}/eviction`, { body: JSON.stringify({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name } }) })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 429]);
    const status = JSON.parse(await ok(['get', 'pdb', 'web', '-o', 'json'])).status;
    expect(status.disruptionsAllowed).toBe(0);
  });
});
