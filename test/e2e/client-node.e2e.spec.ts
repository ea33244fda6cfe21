import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppsV1Api, CoreV1Api, KubeConfig, PatchStrategy, setHeaderOptions, Watch, type V1ConfigMap } from '@kubernetes/client-node';
import { startMesh, type Mesh } from '../support/mesh';
import { until } from '@kronicle/testing';

describe('@kubernetes/client-node drives Kronicle', () => {
  let mesh: Mesh;
  let kc: KubeConfig;
  let core: CoreV1Api;

  beforeAll(async () => {
    mesh = await startMesh();
    kc = new KubeConfig();
    kc.loadFromFile(mesh.kubeconfig);
    core = kc.makeApiClient(CoreV1Api);
  });
  afterAll(async () => mesh?.destroy());

  const configMap = (name: string, labels: Record<string, string>): V1ConfigMap => ({ metadata: { name, labels }, data: { greeting: 'hello' } });

  it('creates and lists with a label selector', async () => {
    await core.createNamespacedConfigMap({ namespace: 'default', body: configMap('blue', { color: 'blue', app: 'demo' }) });
    await core.createNamespacedConfigMap({ namespace: 'default', body: configMap('green', { color: 'green', app: 'demo' }) });

    const blue = await core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'app=demo,color!=green' });
    expect(blue.items.map((c) => c.metadata?.name)).toEqual(['blue']);
    const all = await core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'color in (blue,green)' });
    expect(all.items.map((c) => c.metadata?.name)).toEqual(['blue', 'green']);
  });

  it('answers a create of an existing name with 409 AlreadyExists', async () => {
    await expect(core.createNamespacedConfigMap({ namespace: 'default', body: configMap('blue', {}) })).rejects.toMatchObject({ code: 409 });
  });

  it('watches from a resourceVersion and sees every later change in order', async () => {
    const list = await core.listNamespacedConfigMap({ namespace: 'default' });
    const events: string[] = [];
    const watch = new Watch(kc);
    const request = await watch.watch(
      '/api/v1/namespaces/default/configmaps',
      { resourceVersion: list.metadata?.resourceVersion },
      // The test's own ConfigMaps: the root CA publisher may still be adding its kube-root-ca.crt to the namespace.
      (type, object: V1ConfigMap) => ['blue', 'green'].includes(object.metadata?.name ?? '') && events.push(`${type} ${object.metadata?.name} ${object.data?.greeting}`),
      () => undefined,
    );
    try {
      const blue = await core.readNamespacedConfigMap({ namespace: 'default', name: 'blue' });
      await core.replaceNamespacedConfigMap({ namespace: 'default', name: 'blue', body: { ...blue, data: { greeting: 'hi' } } });
      await core.deleteNamespacedConfigMap({ namespace: 'default', name: 'green' });
      await until(() => events.length >= 2);
      expect(events).toEqual(['MODIFIED blue hi', 'DELETED green hello']);
    } finally {
      request.abort();
    }
  });

  it('resumes a watch with a label selector from an older resourceVersion: objects that entered, left or changed since', async () => {
    const labelled = (name: string, tier: string) => ({ metadata: { name, labels: { tier } }, data: { greeting: name } });
    for (const [name, tier] of [['sel-stays', 'web'], ['sel-leaves', 'web'], ['sel-enters', 'db']]) await core.createNamespacedConfigMap({ namespace: 'default', body: labelled(name, tier) });
    const resumeAt = (await core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'tier=web' })).metadata?.resourceVersion;
    // Changes the client has not seen: the watch starts after them, from the older resourceVersion.
    await core.patchNamespacedConfigMap({ namespace: 'default', name: 'sel-stays', body: { data: { greeting: 'again' } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    await core.patchNamespacedConfigMap({ namespace: 'default', name: 'sel-leaves', body: { metadata: { labels: { tier: 'db' } } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    await core.patchNamespacedConfigMap({ namespace: 'default', name: 'sel-enters', body: { metadata: { labels: { tier: 'web' } } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    await core.createNamespacedConfigMap({ namespace: 'default', body: labelled('sel-new', 'web') });

    const events: string[] = [];
    const request = await new Watch(kc).watch(
      '/api/v1/namespaces/default/configmaps',
      { resourceVersion: resumeAt, labelSelector: 'tier=web' },
      (type, object: V1ConfigMap) => events.push(`${type} ${object.metadata?.name}`),
      () => undefined,
    );
    try {
      await until(() => events.length >= 4);
      expect(events).toEqual(['MODIFIED sel-stays', 'DELETED sel-leaves', 'ADDED sel-enters', 'ADDED sel-new']);
    } finally {
      request.abort();
      for (const name of ['sel-stays', 'sel-leaves', 'sel-enters', 'sel-new']) await core.deleteNamespacedConfigMap({ namespace: 'default', name });
    }
  });

  it('refuses a replace with a stale resourceVersion with 409 Conflict and keeps the newer write', async () => {
    const stale = await core.readNamespacedConfigMap({ namespace: 'default', name: 'blue' });
    await core.replaceNamespacedConfigMap({ namespace: 'default', name: 'blue', body: { ...stale, data: { greeting: 'first' } } });

    await expect(core.replaceNamespacedConfigMap({ namespace: 'default', name: 'blue', body: { ...stale, data: { greeting: 'second' } } })).rejects.toMatchObject({ code: 409 });
    expect((await core.readNamespacedConfigMap({ namespace: 'default', name: 'blue' })).data).toEqual({ greeting: 'first' });
  });

  it('lists the cluster as it was at a past resourceVersion (resourceVersionMatch Exact), for an audit', async () => {
    const created = await core.createNamespacedConfigMap({ namespace: 'default', body: configMap('audited', {}) });
    await core.replaceNamespacedConfigMap({ namespace: 'default', name: 'audited', body: { ...created, data: { greeting: 'changed' } } });
    await core.deleteNamespacedConfigMap({ namespace: 'default', name: 'audited' });

    const then = await core.listNamespacedConfigMap({ namespace: 'default', resourceVersion: created.metadata?.resourceVersion, resourceVersionMatch: 'Exact' });
    expect(then.metadata?.resourceVersion).toBe(created.metadata?.resourceVersion);
    expect(then.items.find((c) => c.metadata?.name === 'audited')?.data).toEqual({ greeting: 'hello' });
    const now = await core.listNamespacedConfigMap({ namespace: 'default' });
    expect(now.items.map((c) => c.metadata?.name)).not.toContain('audited');
  });

  it('deletes, after which the object is gone', async () => {
    await core.deleteNamespacedConfigMap({ namespace: 'default', name: 'blue' });
    await expect(core.readNamespacedConfigMap({ namespace: 'default', name: 'blue' })).rejects.toMatchObject({ code: 404 });
  });

  it('serves apps/v1 with upstream defaults', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    const created = await apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        metadata: { name: 'web' },
        spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
      },
    });
    expect(created.spec).toMatchObject({ replicas: 1, revisionHistoryLimit: 10, progressDeadlineSeconds: 600 });
    expect(created.spec?.template.spec?.containers[0]).toMatchObject({ imagePullPolicy: 'Always', terminationMessagePath: '/dev/termination-log' });
  });
  it('reads its own writes: what a create answered is there for the very next request', async () => {
    for (let i = 0; i < 20; i++) {
      const namespace = `ryw-${i}`;
      await core.createNamespace({ body: { metadata: { name: namespace } } });
      const created = await core.createNamespacedConfigMap({ namespace, body: configMap('cm', { round: String(i) }) });
      const read = await core.readNamespacedConfigMap({ namespace, name: 'cm' });
      expect(read.metadata?.resourceVersion).toBe(created.metadata?.resourceVersion);
      const replaced = await core.replaceNamespacedConfigMap({ namespace, name: 'cm', body: { ...read, data: { greeting: 'again' } } });
      expect(Number(replaced.metadata?.resourceVersion)).toBeGreaterThan(Number(created.metadata?.resourceVersion));
      await core.deleteNamespacedConfigMap({ namespace, name: 'cm' });
      // The name is free again at once, although the API's projection may not have folded the delete yet.
      await core.createNamespacedConfigMap({ namespace, body: configMap('cm', { round: String(i) }) });
    }
    const many = await Promise.all(Array.from({ length: 50 }, (_, i) => core.createNamespacedConfigMap({ namespace: 'ryw-0', body: configMap(`many-${i}`, { batch: 'many' }) })));
    const listed = await core.listNamespacedConfigMap({ namespace: 'ryw-0', labelSelector: 'batch=many' });
    expect(listed.items).toHaveLength(50);
    expect(Number(listed.metadata?.resourceVersion)).toBeGreaterThanOrEqual(Math.max(...many.map((c) => Number(c.metadata?.resourceVersion))));
  });
});

