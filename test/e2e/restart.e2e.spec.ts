import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createPgEventStore } from '@kronicle/event-store';
import { rebuildState } from '@kronicle/projection';
import { example } from '../support/examples';
import { meshPerFile } from '../support/mesh-per-file';

describe('the log is the truth', () => {
  const { mesh, kubectl } = meshPerFile();

  const snapshot = async () => {
    const list = parse((await kubectl(['get', 'deployments,configmaps', '-A', '-o', 'yaml'])).stdout);
    return list.items.map((o: { kind: string; metadata: { namespace: string; name: string; uid: string; resourceVersion: string } }) => ({
      kind: o.kind,
      name: `${o.metadata.namespace}/${o.metadata.name}`,
      uid: o.metadata.uid,
      resourceVersion: o.metadata.resourceVersion,
    }));
  };

  it('keeps every object with the same uid and resourceVersion across a restart of the mesh', async () => {
    await kubectl(['apply', '-f', example('nginx-deployment.yaml')]);
    await kubectl(['create', 'configmap', 'settings', '--from-literal=mode=fast']);
    await kubectl(['label', 'configmap', 'settings', 'env=test']);
    // Controllers write status until the rollout is done; then nothing changes until someone acts.
    expect((await kubectl(['rollout', 'status', 'deployment/nginx-deployment', '--timeout=60s'], { timeoutMs: 70_000 })).code).toBe(0);
    const before = await snapshot();
    // The user's two, and the kube-root-ca.crt of each of the four namespaces a cluster starts with.
    expect(before.map((o: { name: string }) => o.name).sort()).toEqual([
      'default/kube-root-ca.crt',
      'default/nginx-deployment',
      'default/settings',
      'kube-node-lease/kube-root-ca.crt',
      'kube-public/kube-root-ca.crt',
      'kube-system/kube-root-ca.crt',
    ]);

    await mesh().stop();
    await mesh().start();

    expect(await snapshot()).toEqual(before);
  }, 180_000);

  it('rebuilds from the log exactly the state the API serves', async () => {
    const store = await createPgEventStore({ connectionString: mesh().databaseUrl });
    try {
      const rebuilt = await rebuildState(store);
      const served = parse((await kubectl(['get', 'deployments,configmaps,namespaces', '-A', '-o', 'yaml'])).stdout).items;
      for (const object of served) {
        const match = rebuilt.all().find((s) => s.object.metadata.uid === object.metadata.uid);
        expect(match?.object.metadata.resourceVersion).toBe(object.metadata.resourceVersion);
        expect(match?.object.spec ?? null).toEqual(object.spec ?? null);
      }
      const kinds = new Set(['deployments', 'configmaps', 'namespaces']);
      expect(rebuilt.all().filter((s) => kinds.has(s.resource)).length).toBe(served.length);
    } finally {
      await store.close();
    }
  });
});
