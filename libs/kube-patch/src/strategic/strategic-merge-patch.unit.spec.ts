import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { builtinPatchMeta } from '../patch-meta/builtin-patch-meta';
import type { TypeMeta } from '../patch-meta/patch-meta';
import { applyStrategicMergePatch } from './strategic-merge-patch';

const example = (file: string) => parse(readFileSync(join(__dirname, '../../../../test/k8s-examples', file), 'utf8'));
const deploymentMeta = builtinPatchMeta('apps/v1', 'Deployment') as TypeMeta;
const podMeta = builtinPatchMeta('v1', 'Pod') as TypeMeta;
const patch = (document: object, body: unknown, meta = deploymentMeta) => applyStrategicMergePatch(document, JSON.stringify(body), meta);

/** Cases from upstream's `strategicpatch/patch_test.go` tables, on a Pod so the merge keys are upstream's. */
const upstreamCases: { name: string; original: object; patch: object; result: object }[] = [
  {
    name: 'null deletes a field, absent fields are kept',
    original: { metadata: { name: 'a', labels: { x: '1', y: '2' } } },
    patch: { metadata: { labels: { x: null, z: '3' } } },
    result: { metadata: { name: 'a', labels: { y: '2', z: '3' } } },
  },
  {
    name: 'merging lists of maps by merge key keeps server-only items after patched ones',
    original: { spec: { containers: [{ name: '1', image: 'a' }, { name: '2', image: 'b' }] } },
    patch: { spec: { containers: [{ name: '3', image: 'c' }, { name: '1', image: 'A' }] } },
    result: { spec: { containers: [{ name: '3', image: 'c' }, { name: '1', image: 'A' }, { name: '2', image: 'b' }] } },
  },
  {
    name: '$patch: delete removes the item with that merge key',
    original: { spec: { containers: [{ name: '1' }, { name: '2' }] } },
    patch: { spec: { containers: [{ name: '1', $patch: 'delete' }] } },
    result: { spec: { containers: [{ name: '2' }] } },
  },
  {
    name: '$patch: replace in a list replaces the whole list',
    original: { spec: { containers: [{ name: '1', image: 'a' }, { name: '2' }] } },
    patch: { spec: { containers: [{ name: '3' }, { $patch: 'replace' }] } },
    result: { spec: { containers: [{ name: '3' }] } },
  },
  {
    name: '$patch: replace in a map replaces the map',
    original: { spec: { nodeSelector: { a: '1' }, hostname: 'h' } },
    patch: { spec: { $patch: 'replace', nodeName: 'n' } },
    result: { spec: { nodeName: 'n' } },
  },
  {
    name: '$patch: delete in a map deletes its content',
    original: { spec: { securityContext: { runAsUser: 1 } } },
    patch: { spec: { securityContext: { $patch: 'delete' } } },
    result: { spec: { securityContext: {} } },
  },
  {
    name: 'merged primitive lists (finalizers) are a union; $deleteFromPrimitiveList removes',
    original: { metadata: { finalizers: ['a', 'b', 'c'] } },
    patch: { metadata: { finalizers: ['d', 'a'], '$deleteFromPrimitiveList/finalizers': ['b'] } },
    result: { metadata: { finalizers: ['d', 'a', 'c'] } },
  },
  {
    name: 'lists without merge strategy are replaced',
    original: { spec: { tolerations: [{ key: 'a' }], containers: [{ name: 'c', args: ['x', 'y'] }] } },
    patch: { spec: { tolerations: [{ key: 'b' }], containers: [{ name: 'c', args: ['z'] }] } },
    result: { spec: { tolerations: [{ key: 'b' }], containers: [{ name: 'c', args: ['z'] }] } },
  },
  {
    name: '$setElementOrder reorders items; a server-only item stays before items that followed it on the server',
    original: { spec: { containers: [{ name: '1' }, { name: '2' }, { name: '3' }] } },
    patch: { spec: { '$setElementOrder/containers': [{ name: '3' }, { name: '1' }], containers: [{ name: '3', image: 'x' }] } },
    result: { spec: { containers: [{ name: '2' }, { name: '3', image: 'x' }, { name: '1' }] } },
  },
  {
    name: '$retainKeys clears the keys it does not list (volume source switch)',
    original: { spec: { volumes: [{ name: 'v', hostPath: { path: '/a' } }] } },
    patch: { spec: { volumes: [{ name: 'v', $retainKeys: ['emptyDir', 'name'], emptyDir: {} }] } },
    result: { spec: { volumes: [{ name: 'v', emptyDir: {} }] } },
  },
  {
    name: 'nulls inside added values are discarded',
    original: { spec: {} },
    patch: { spec: { affinity: { nodeAffinity: null, podAffinity: { x: 1 } } } },
    result: { spec: { affinity: { podAffinity: { x: 1 } } } },
  },
  {
    name: 'container ports merge by containerPort, env by name, volumeMounts by mountPath',
    original: {
      spec: { containers: [{ name: 'c', ports: [{ containerPort: 80 }], env: [{ name: 'A', value: '1' }], volumeMounts: [{ mountPath: '/a', name: 'x' }] }] },
    },
    patch: {
      spec: { containers: [{ name: 'c', ports: [{ containerPort: 443 }], env: [{ name: 'A', value: '2' }], volumeMounts: [{ mountPath: '/a', readOnly: true }] }] },
    },
    result: {
      spec: {
        containers: [
          {
            name: 'c',
            ports: [{ containerPort: 443 }, { containerPort: 80 }],
            env: [{ name: 'A', value: '2' }],
            volumeMounts: [{ mountPath: '/a', name: 'x', readOnly: true }],
          },
        ],
      },
    },
  },
];

describe('applyStrategicMergePatch', () => {
  it.each(upstreamCases)('$name', ({ original, patch: body, result }) => {
    expect(patch(original, body, podMeta)).toEqual(result);
  });

  describe('given the nginx-deployment example applied with kubectl apply', () => {
    const live = example('nginx-deployment.yaml');

    it('when kubectl apply changes the image, then only the image changes', () => {
      const body = { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'nginx' }], containers: [{ image: 'nginx:1.16.1', name: 'nginx' }] } } } };
      const result = patch(live, body);
      expect(result.spec).toMatchObject({ template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.16.1', ports: [{ containerPort: 80 }] }] } } });
      expect(result.metadata).toEqual(live.metadata);
    });

    it('when kubectl apply removes a label, then the label is gone and the others stay', () => {
      const labelled = patch(live, { metadata: { labels: { tier: 'web' } } });
      expect(patch(labelled, { metadata: { labels: { app: null } } }).metadata).toEqual({ name: 'nginx-deployment', labels: { tier: 'web' } });
    });

    it('when kubectl apply reorders two containers, then the live list follows the new order', () => {
      const twoContainers = patch(live, { spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'busybox' }] } } } });
      const names = (doc: any) => doc.spec.template.spec.containers.map((c: { name: string }) => c.name);
      expect(names(twoContainers)).toEqual(['sidecar', 'nginx']);
      const reordered = patch(twoContainers, { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'nginx' }, { name: 'sidecar' }] } } } });
      expect(names(reordered)).toEqual(['nginx', 'sidecar']);
    });

    it('when kubectl rollout restart patches the template annotation, then the containers are untouched', () => {
      const body = { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2025-01-01T00:00:00Z' } } } } };
      const result = patch(live, body);
      expect(result.spec).toEqual({
        ...live.spec,
        template: { ...live.spec.template, metadata: { labels: { app: 'nginx' }, annotations: body.spec.template.metadata.annotations } },
      });
    });
  });

  it('given a PodDisruptionBudget, when kubectl apply changes its selector, then the selector is replaced, not merged (patchStrategy replace)', () => {
    const pdb = { spec: { minAvailable: 2, selector: { matchLabels: { app: 'web', tier: 'a' } } } };
    const meta = builtinPatchMeta('policy/v1', 'PodDisruptionBudget') as TypeMeta;
    expect(patch(pdb, { spec: { minAvailable: 1, selector: { matchLabels: { app: 'db' } } } }, meta)).toEqual({ spec: { minAvailable: 1, selector: { matchLabels: { app: 'db' } } } });
  });

  it('given the StatefulSet example, when kubectl scales it, then only replicas change', () => {
    const statefulSet = parse(readFileSync(join(__dirname, '../../../../test/k8s-examples/web.yaml'), 'utf8').split('---')[1]);
    const meta = builtinPatchMeta('apps/v1', 'StatefulSet') as TypeMeta;
    expect(patch(statefulSet, { spec: { replicas: 5 } }, meta)).toEqual({ ...statefulSet, spec: { ...statefulSet.spec, replicas: 5 } });
  });

  it.each([
    ['a list item without its merge key', { spec: { containers: [{ image: 'x' }] } }, 500, 'map: map[image:x] does not contain declared merge key: name'],
    ['an unknown map directive', { spec: { $patch: 'merge' } }, 500, 'unknown patch type: merge in map: map[$patch:merge]'],
    ['a $patch: merge list item', { spec: { containers: [{ $patch: 'merge' }] } }, 500, 'merging lists cannot yet be specified in the patch'],
    ['a malformed $retainKeys', { spec: { $retainKeys: 'x' } }, 400, 'invalid patch format of retainKeys'],
    ['a key missing from $retainKeys', { spec: { $retainKeys: ['a'], b: 1 } }, 400, 'invalid patch format of retainKeys'],
    ['a list body', [], 400, 'json: cannot unmarshal array into Go value of type map[string]interface {}'],
  ])('when the patch has %s, then it fails as upstream does', (_, body, httpStatus, message) => {
    const pod = { spec: { containers: [{ name: 'c' }] } };
    expect(() => patch(pod, body, podMeta)).toThrowError(expect.objectContaining({ httpStatus, message }));
  });

  it('given any container list, when the patch replaces it with $patch: replace, then the result is the replacement', () => {
    const containers = fc.uniqueArray(fc.record({ name: fc.string({ minLength: 1, maxLength: 4 }), image: fc.string() }), {
      selector: (c) => c.name,
      maxLength: 4,
    });
    fc.assert(
      fc.property(containers, containers, (before, after) => {
        const result = patch({ spec: { containers: before } }, { spec: { containers: [...after, { $patch: 'replace' }] } }, podMeta);
        expect(result).toEqual({ spec: { containers: after } });
      }),
    );
  });
});
