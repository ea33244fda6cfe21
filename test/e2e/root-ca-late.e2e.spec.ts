import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { until } from '@kronicle/testing';
import { meshPerFile } from '../support/mesh-per-file';

// The CA the garbage-collector publishes, at a path nothing writes until the test does.
const caFile = join(tmpdir(), `kronicle-late-ca-${process.pid}-${Date.now()}.crt`);

describe('the garbage-collector before the cluster CA exists', () => {
  const { mesh, kubectl } = meshPerFile({ KRONICLE_ROOT_CA_FILE: caFile });
  afterAll(() => rmSync(caFile, { force: true }));
  const rootCas = async () => (await kubectl(['get', 'configmaps', '-A', '--field-selector', 'metadata.name=kube-root-ca.crt', '-o', 'name'])).stdout.split('\n').filter(Boolean);

  it('collects garbage meanwhile, and publishes kube-root-ca.crt in every namespace once the CA file appears', async () => {
    expect((await kubectl(['create', 'configmap', 'owner'])).code).toBe(0);
    const uid = (await kubectl(['get', 'configmap', 'owner', '-o', 'jsonpath={.metadata.uid}'])).stdout;
    const dependent = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dependent', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid }] } };
    expect((await kubectl(['create', '-f', '-'], { input: JSON.stringify(dependent) })).code).toBe(0);
    expect((await kubectl(['delete', 'configmap', 'owner'])).code).toBe(0);
    await until(async () => (await kubectl(['get', 'configmap', 'dependent', '--ignore-not-found', '-o', 'name'])).stdout === '', 20_000);
    expect(await rootCas()).toEqual([]);

    copyFileSync(join(mesh().home, 'pki', 'ca.crt'), caFile);
    await until(async () => (await rootCas()).length === 4, 30_000);
    const published = (await kubectl(['get', 'configmap', 'kube-root-ca.crt', '-o', 'go-template={{index .data "ca.crt"}}'])).stdout;
    expect(published).toBe(readFileSync(caFile, 'utf8'));
  });
});
