import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { meshPerFile } from '../support/mesh-per-file';

/** Cascading deletion through kubectl, with ConfigMaps owning ConfigMaps (no workload controller needed). */
describe('garbage collection and namespace deletion through kubectl', () => {
  const { mesh, kubectl } = meshPerFile();

  const apply = async (name: string, owner?: string, namespace = 'default') => {
    const ownerReferences = owner ? [{ apiVersion: 'v1', kind: 'ConfigMap', name: owner, uid: await uidOf(owner, namespace), blockOwnerDeletion: true }] : undefined;
    const manifest = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, ownerReferences }, data: { role: owner ? 'dependent' : 'owner' } };
    const result = await kubectl(['apply', '-f', '-'], { input: JSON.stringify(manifest) });
    expect(result).toMatchObject({ code: 0, stdout: `configmap/${name} created\n` });
  };
  const uidOf = async (name: string, namespace = 'default') => (await kubectl(['get', 'configmap', name, '-n', namespace, '-o', 'jsonpath={.metadata.uid}'])).stdout;
  const existing = async (names: string[]) => (await kubectl(['get', 'configmaps', ...names, '--ignore-not-found', '-o', 'name'])).stdout.split('\n').filter(Boolean);
  const eventually = async (check: () => Promise<boolean>, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  it('deletes the dependents of an owner deleted in the background (the default)', async () => {
    await apply('bg-owner');
    await apply('bg-child', 'bg-owner');
    await apply('bg-grandchild', 'bg-child');

    expect(await kubectl(['delete', 'configmap', 'bg-owner'])).toMatchObject({ code: 0, stdout: 'configmap "bg-owner" deleted\n' });

    await eventually(async () => (await existing(['bg-child', 'bg-grandchild'])).length === 0);
  });

  it('with --cascade=foreground, deletes the owner only once its dependents are gone', async () => {
    await apply('fg-owner');
    await apply('fg-child', 'fg-owner');
    await apply('fg-grandchild', 'fg-child');

    // kubectl waits until the owner is gone; by then its blocking dependents are gone too.
    expect(await kubectl(['delete', 'configmap', 'fg-owner', '--cascade=foreground'])).toMatchObject({ code: 0, stdout: 'configmap "fg-owner" deleted\n' });

    expect(await existing(['fg-owner', 'fg-child', 'fg-grandchild'])).toEqual([]);
  });

  it('with --cascade=orphan, leaves the dependents without the owner’s reference', async () => {
    await apply('or-owner');
    await apply('or-child', 'or-owner');

    const deleted = await kubectl(['delete', 'configmap', 'or-owner', '--cascade=orphan']);
    expect(deleted, deleted.stderr).toMatchObject({ code: 0 });

    expect(await existing(['or-owner', 'or-child'])).toEqual(['configmap/or-child']);
    expect((await kubectl(['get', 'configmap', 'or-child', '-o', 'jsonpath={.metadata.ownerReferences}'])).stdout).toBe('');
  });

  it('keeps what a pod owns while the pod lives, and deletes it with the pod', async () => {
    // The collector holds no pod without owners until something names one as its owner.
    expect(await kubectl(['run', 'owner-pod', '--image=nginx'])).toMatchObject({ code: 0 });
    const uid = (await kubectl(['get', 'pod', 'owner-pod', '-o', 'jsonpath={.metadata.uid}'])).stdout;
    const manifest = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'pod-owned', ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'owner-pod', uid }] } };
    expect(await kubectl(['apply', '-f', '-'], { input: JSON.stringify(manifest) })).toMatchObject({ code: 0 });
    await new Promise((r) => setTimeout(r, 1500));
    expect(await existing(['pod-owned'])).toEqual(['configmap/pod-owned']);

    expect(await kubectl(['delete', 'pod', 'owner-pod'])).toMatchObject({ code: 0 });
    await eventually(async () => (await existing(['pod-owned'])).length === 0);
  });

  it('deletes a namespace with everything in it', async () => {
    expect(await kubectl(['create', 'namespace', 'gc-e2e'])).toMatchObject({ code: 0, stdout: 'namespace/gc-e2e created\n' });
    await apply('ns-owner', undefined, 'gc-e2e');
    await apply('ns-child', 'ns-owner', 'gc-e2e');
    expect(await kubectl(['create', 'secret', 'generic', 'ns-secret', '-n', 'gc-e2e', '--from-literal=k=v'])).toMatchObject({ code: 0 });
    // A pod with no owner: the collector, which holds no such pod while its namespace lives, takes it in to delete it.
    expect(await kubectl(['run', 'ns-pod', '--image=nginx', '-n', 'gc-e2e'])).toMatchObject({ code: 0 });
    await eventually(async () => (await kubectl(['get', 'pod', 'ns-pod', '-n', 'gc-e2e', '-o', 'jsonpath={.status.phase}'])).stdout === 'Running');

    // kubectl waits until the namespace is gone.
    expect(await kubectl(['delete', 'namespace', 'gc-e2e'])).toMatchObject({ code: 0, stdout: 'namespace "gc-e2e" deleted\n' });

    expect(await kubectl(['get', 'namespace', 'gc-e2e'])).toMatchObject({ code: 1, stderr: expect.stringContaining('namespaces "gc-e2e" not found') });
    expect((await kubectl(['get', 'configmaps,secrets,pods', '-n', 'gc-e2e', '-o', 'name'])).stdout).toBe('');
  });

  it('refuses to delete the default, kube-system and kube-public namespaces, and makes kube-node-lease again, as upstream', async () => {
    for (const name of ['default', 'kube-system', 'kube-public']) {
      expect(await kubectl(['delete', 'namespace', name])).toMatchObject({ code: 1, stderr: `Error from server (Forbidden): namespaces "${name}" is forbidden: this namespace may not be deleted\n` });
      expect((await kubectl(['get', 'namespace', name, '-o', 'jsonpath={.status.phase}'])).stdout).toBe('Active');
    }
    // kube-node-lease may go; the API makes it again, as upstream's system namespaces controller does.
    const uid = async () => (await kubectl(['get', 'namespace', 'kube-node-lease', '-o', 'jsonpath={.metadata.uid}', '--ignore-not-found'])).stdout;
    const first = await uid();
    expect(await kubectl(['delete', 'namespace', 'kube-node-lease'])).toMatchObject({ code: 0 });
    await eventually(async () => ![first, ''].includes(await uid()));
  });

  it('gives every namespace a default ServiceAccount, and gives it back when deleted', async () => {
    const uid = async (namespace: string) => (await kubectl(['get', 'serviceaccount', 'default', '-n', namespace, '-o', 'jsonpath={.metadata.uid}'])).stdout;
    for (const namespace of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) expect(await uid(namespace)).not.toBe('');
    expect(await kubectl(['create', 'namespace', 'accounts'])).toMatchObject({ code: 0 });
    await eventually(async () => /^NAME\s+SECRETS\s+AGE\ndefault\s+0\s+\d+s\n$/.test((await kubectl(['get', 'serviceaccounts', '-n', 'accounts'])).stdout));

    const first = await uid('accounts');
    expect(await kubectl(['delete', 'serviceaccount', 'default', '-n', 'accounts'])).toMatchObject({ code: 0 });
    await eventually(async () => ![first, ''].includes(await uid('accounts')));
    expect(await kubectl(['delete', 'namespace', 'accounts'])).toMatchObject({ code: 0 });
  });

  it('publishes the API’s CA in every namespace as the ConfigMap kube-root-ca.crt, and puts it back when deleted or changed', async () => {
    const ca = readFileSync(join(mesh().home, 'pki', 'ca.crt'), 'utf8');
    const published = async (namespace: string) => (await kubectl(['get', 'configmap', 'kube-root-ca.crt', '-n', namespace, '-o', 'go-template={{index .data "ca.crt"}}'])).stdout;
    for (const namespace of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) await eventually(async () => (await published(namespace)) === ca);
    expect(await kubectl(['create', 'namespace', 'trust'])).toMatchObject({ code: 0 });
    await eventually(async () => /^NAME\s+DATA\s+AGE\nkube-root-ca\.crt\s+1\s+\d+s\n$/.test((await kubectl(['get', 'configmaps', '-n', 'trust'])).stdout));
    expect((await kubectl(['get', 'configmap', 'kube-root-ca.crt', '-n', 'trust', '-o', 'jsonpath={.metadata.annotations.kubernetes\\.io/description}'])).stdout).toMatch(/^Contains a CA bundle that can be used to verify the kube-apiserver/);

    expect(await kubectl(['patch', 'configmap', 'kube-root-ca.crt', '-n', 'trust', '--type=merge', '-p', '{"data":{"ca.crt":"forged"}}'])).toMatchObject({ code: 0 });
    await eventually(async () => (await published('trust')) === ca);
    expect(await kubectl(['delete', 'configmap', 'kube-root-ca.crt', '-n', 'trust'])).toMatchObject({ code: 0 });
    await eventually(async () => (await published('trust')) === ca);
    expect(await kubectl(['delete', 'namespace', 'trust'])).toMatchObject({ code: 0 });
  });

  it('changes a namespace’s spec.finalizers only through /finalize, which frees one stuck Terminating', async () => {
    expect(await kubectl(['create', 'namespace', 'stuck'])).toMatchObject({ code: 0 });
    const namespace = () => kubectl(['get', 'namespace', 'stuck', '-o', 'json']).then((r) => JSON.parse(r.stdout) as { spec: { finalizers?: string[] }; status: { phase: string } });
    const withFinalizers = async (finalizers: string[]) => JSON.stringify({ ...(await namespace()), spec: { finalizers } });

    // A patch of the main resource leaves spec.finalizers as they were, as upstream's namespace strategy does.
    expect(await kubectl(['patch', 'namespace', 'stuck', '--type=merge', '-p', '{"spec":{"finalizers":["example.com/hold"]}}'])).toMatchObject({ code: 0 });
    expect((await namespace()).spec.finalizers).toEqual(['kubernetes']);
    // The finalize subresource changes them.
    expect(await kubectl(['replace', '--raw', '/api/v1/namespaces/stuck/finalize', '-f', '-'], { input: await withFinalizers(['kubernetes', 'example.com/hold']) })).toMatchObject({ code: 0 });
    expect((await namespace()).spec.finalizers).toEqual(['kubernetes', 'example.com/hold']);

    expect(await kubectl(['delete', 'namespace', 'stuck', '--wait=false'])).toMatchObject({ code: 0 });
    await eventually(async () => JSON.stringify((await namespace()).spec.finalizers) === '["example.com/hold"]');
    expect((await namespace()).status.phase).toBe('Terminating');

    // The usual way out for a namespace stuck Terminating.
    expect(await kubectl(['replace', '--raw', '/api/v1/namespaces/stuck/finalize', '-f', '-'], { input: await withFinalizers([]) })).toMatchObject({ code: 0 });
    await eventually(async () => (await kubectl(['get', 'namespace', 'stuck'])).code !== 0);
  });
});
