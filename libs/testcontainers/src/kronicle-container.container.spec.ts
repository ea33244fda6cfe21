// How to test against a whole Kronicle in containers: start it, use the client it hands back (or
// its kubeconfig with kubectl), stop it. Needs a Docker engine and the images from
// infra/images/build-images.sh; without them the tests are reported as skipped, with the reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Elsewhere: import { dockerAvailability, startKronicle } from '@kronicle/testcontainers';
import { dockerAvailability, startKronicle, type StartedKronicle } from './index';

const docker = await dockerAvailability();
if (!docker.available) console.warn(`\n*** container tests SKIPPED: ${docker.reason} ***\n`);

describe.skipIf(!docker.available)('Kronicle in containers (@kronicle/testcontainers)', () => {
  let kronicle: StartedKronicle;

  beforeAll(async () => {
    kronicle = await startKronicle();
  }, 180_000);
  afterAll(async () => kronicle?.stop(), 60_000);

  it('hands back a kubeconfig that points at the API on this host', async () => {
    expect(kronicle.kubeconfig).toContain(`server: ${kronicle.apiUrl}`);
    expect(kronicle.kubeConfig.getCurrentCluster()?.server).toBe(kronicle.apiUrl);
    const namespaces = await kronicle.core.listNamespace();
    expect(namespaces.items.map((ns) => ns.metadata?.name)).toEqual(expect.arrayContaining(['default', 'kube-system']));
  });

  it('creates a namespace and a ConfigMap in it, and lists them', async () => {
    await kronicle.core.createNamespace({ body: { metadata: { name: 'team-a' } } });
    await kronicle.core.createNamespacedConfigMap({ namespace: 'team-a', body: { metadata: { name: 'settings', labels: { app: 'demo' } }, data: { greeting: 'hello' } } });

    const namespaces = await kronicle.core.listNamespace();
    expect(namespaces.items.map((ns) => ns.metadata?.name)).toContain('team-a');
    const configMaps = await kronicle.core.listNamespacedConfigMap({ namespace: 'team-a', labelSelector: 'app=demo' });
    expect(configMaps.items.map((cm) => [cm.metadata?.name, cm.data?.greeting])).toEqual([['settings', 'hello']]);
    // resourceVersion comes from the event log's position.
    expect(Number(configMaps.items[0].metadata?.resourceVersion)).toBeGreaterThan(0);
  });

  it('publishes the CA its kubeconfig trusts in every namespace, as kube-root-ca.crt', async () => {
    const trusted = Buffer.from(kronicle.kubeConfig.getCurrentCluster()?.caData ?? '', 'base64').toString('utf8');
    expect(trusted).toContain('-----BEGIN CERTIFICATE-----');
    const deadline = Date.now() + 30_000;
    const published = () => kronicle.core.readNamespacedConfigMap({ namespace: 'kube-system', name: 'kube-root-ca.crt' }).then((cm) => cm.data?.['ca.crt'], () => undefined);
    while ((await published()) !== trusted && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    expect(await published()).toBe(trusted);
  });
});
