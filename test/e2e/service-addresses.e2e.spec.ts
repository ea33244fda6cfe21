import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreV1Api, KubeConfig, type V1Service } from '@kubernetes/client-node';
import { example } from '../support/examples';
import { kubectlFor } from '../support/kubectl';
import { startMesh, type Mesh } from '../support/mesh';

describe('Service addresses: the log decides', () => {
  let mesh: Mesh;
  let core: CoreV1Api;
  let kubectl: ReturnType<typeof kubectlFor>;

  beforeAll(async () => {
    mesh = await startMesh();
    const kc = new KubeConfig();
    kc.loadFromFile(mesh.kubeconfig);
    core = kc.makeApiClient(CoreV1Api);
    kubectl = kubectlFor(mesh.kubeconfig);
  });
  afterAll(async () => mesh?.destroy());

  const nodePortService = (name: string, spec: Partial<V1Service['spec']> = {}): V1Service => ({
    metadata: { name },
    spec: { type: 'NodePort', selector: { app: name }, ports: [{ port: 80 }], ...spec },
  });

  it('keeps the first address for the kubernetes Service', async () => {
    const kubernetes = await core.readNamespacedService({ namespace: 'default', name: 'kubernetes' });
    expect(kubernetes.spec?.clusterIP).toBe('10.96.0.1');
  });

  it('never gives two of 200 concurrently created Services the same ClusterIP or NodePort', async () => {
    const created = await Promise.all(Array.from({ length: 200 }, (_, i) => core.createNamespacedService({ namespace: 'default', body: nodePortService(`svc-${i}`) })));
    const listed = (await core.listNamespacedService({ namespace: 'default', labelSelector: '' })).items.filter((s) => s.metadata?.name?.startsWith('svc-'));

    for (const services of [created, listed]) {
      expect(services).toHaveLength(200);
      expect(new Set(services.map((s) => s.spec?.clusterIP)).size).toBe(200);
      expect(new Set(services.map((s) => s.spec?.ports?.[0].nodePort)).size).toBe(200);
      for (const s of services) expect(s.spec?.ports?.[0].nodePort).toBeGreaterThanOrEqual(30000);
    }
  });

  it('refuses an address that is taken or out of range with 422, and frees addresses on delete', async () => {
    const taken = await core.readNamespacedService({ namespace: 'default', name: 'svc-0' });
    const ip = taken.spec!.clusterIP!;
    const port = taken.spec!.ports![0].nodePort!;

    await expect(core.createNamespacedService({ namespace: 'default', body: nodePortService('dup-ip', { clusterIP: ip }) })).rejects.toMatchObject({ code: 422 });
    await expect(core.createNamespacedService({ namespace: 'default', body: nodePortService('dup-port', { ports: [{ port: 80, nodePort: port }] }) })).rejects.toMatchObject({ code: 422 });
    await expect(core.createNamespacedService({ namespace: 'default', body: nodePortService('far', { clusterIP: '192.168.1.1' }) })).rejects.toMatchObject({ code: 422 });

    await core.deleteNamespacedService({ namespace: 'default', name: 'svc-0' });
    const reused = await core.createNamespacedService({ namespace: 'default', body: nodePortService('reuse', { clusterIP: ip, ports: [{ port: 80, nodePort: port }] }) });
    expect(reused.spec).toMatchObject({ clusterIP: ip, ports: [{ nodePort: port }] });
  });

  it('applies the NodePort example from the Kubernetes documentation and shows it as kubectl does', async () => {
    const applied = await kubectl(['apply', '-f', example('nginx-secure-app.yaml')]);
    expect(applied.stdout).toContain('service/my-nginx created');
    const table = await kubectl(['get', 'svc', 'my-nginx']);
    expect(table.stdout).toMatch(/^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\nmy-nginx\s+NodePort\s+10\.\d+\.\d+\.\d+\s+<none>\s+8080:3\d{4}\/TCP,443:3\d{4}\/TCP/);
  });
});
