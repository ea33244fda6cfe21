import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeObject } from '@kronicle/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { builtinPatchMeta } from '../patch-meta/builtin-patch-meta';
import { recordUpdate } from './record-update';
import { applyServerSide } from './server-side-apply';

const nginx: KubeObject = parse(readFileSync(join(__dirname, '../../../../test/k8s-examples/nginx-deployment.yaml'), 'utf8'));
const meta = builtinPatchMeta('apps/v1', 'Deployment');
const now = new Date('2025-03-01T10:00:00.123Z');
const later = new Date('2025-03-01T11:00:00Z');
const apply = (current: KubeObject | undefined, config: KubeObject, fieldManager = 'kubectl', force = false, at = now) =>
  applyServerSide({ current, config, fieldManager, force, now: at, meta });
const withReplicas = (replicas: number): KubeObject => ({ ...nginx, spec: { ...(nginx.spec as object), replicas } });

describe('applyServerSide', () => {
  it('given no object, when kubectl apply --server-side sends nginx-deployment, then it is created with upstream’s managed fields', () => {
    const created = apply(undefined, nginx);
    const { managedFields, ...metadata } = created.metadata;
    expect({ ...created, metadata }).toEqual(nginx);
    expect(managedFields).toEqual([
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: '2025-03-01T10:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:replicas': {},
            'f:selector': {},
            'f:template': {
              'f:metadata': { 'f:labels': { 'f:app': {} } },
              'f:spec': {
                'f:containers': {
                  'k:{"name":"nginx"}': {
                    '.': {},
                    'f:image': {},
                    'f:name': {},
                    'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
                  },
                },
              },
            },
          },
        },
      },
    ]);
  });

  it('given an applied object, when the same configuration is applied again, then nothing changes', () => {
    const labels = fc.dictionary(fc.constantFrom('app', 'tier', 'team'), fc.string({ maxLength: 5 }));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 }), labels, (replicas, extra) => {
        const config = { ...withReplicas(replicas), metadata: { name: 'nginx-deployment', labels: extra } };
        const once = apply(undefined, config);
        expect(apply(once, config, 'kubectl', false, later)).toEqual(once);
      }),
    );
  });

  it('given a field kubectl apply no longer sends, when applying, then the field is removed', () => {
    const labelled = apply(undefined, { ...nginx, metadata: { ...nginx.metadata, labels: { app: 'nginx', tier: 'web' } } });
    const result = apply(labelled, nginx, 'kubectl', false, later);
    expect(result.metadata.labels).toEqual({ app: 'nginx' });
    expect(result.metadata.managedFields?.[0]).toMatchObject({ time: '2025-03-01T11:00:00Z' });
  });

  it('given a field another manager also owns, when the applier stops sending it, then it stays', () => {
    const applied = apply(undefined, { ...nginx, metadata: { ...nginx.metadata, labels: { app: 'nginx', tier: 'web' } } });
    const coOwned = apply(applied, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'nginx-deployment', labels: { tier: 'web' } } }, 'other');
    expect(apply(coOwned, nginx, 'kubectl', false, later).metadata.labels).toEqual({ app: 'nginx', tier: 'web' });
  });

  describe('given replicas last written by kubectl client-side apply', () => {
    const created = recordUpdate('kubectl-client-side-apply', undefined, nginx, now, meta);

    it('when the server-side apply changes replicas, then it is a conflict with upstream’s message', () => {
      expect(() => apply(created, withReplicas(5))).toThrowError(
        expect.objectContaining({
          httpStatus: 409,
          reason: 'Conflict',
          message: 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
          causes: [{ type: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using apps/v1', field: '.spec.replicas' }],
        }),
      );
    });

    it('when it changes replicas and the image, then both conflicts are listed', () => {
      const config = withReplicas(5);
      (config.spec as any).template = { ...(config.spec as any).template, spec: { containers: [{ name: 'nginx', image: 'nginx:1.16.1' }] } };
      expect(() => apply(created, config)).toThrowError(
        expect.objectContaining({
          message:
            'Apply failed with 2 conflicts: conflicts with "kubectl-client-side-apply" using apps/v1:\n- .spec.replicas\n- .spec.template.spec.containers[name="nginx"].image',
        }),
      );
    });

    it('when the apply is forced, then replicas change hands', () => {
      const forced = apply(created, withReplicas(5), 'kubectl', true);
      expect((forced.spec as { replicas: number }).replicas).toBe(5);
      const [applier, updater] = forced.metadata.managedFields as { manager: string; fieldsV1: any }[];
      expect(applier.manager).toBe('kubectl');
      expect(applier.fieldsV1['f:spec']['f:replicas']).toEqual({});
      expect(updater.manager).toBe('kubectl-client-side-apply');
      expect(updater.fieldsV1['f:spec']['f:replicas']).toBeUndefined();
    });

    it('when the apply sets the same replicas, then there is no conflict and ownership is shared', () => {
      const shared = apply(created, nginx);
      expect(shared.spec).toEqual(nginx.spec);
      expect(shared.metadata.managedFields?.map((entry: any) => entry.fieldsV1['f:spec']['f:replicas'])).toEqual([{}, {}]);
    });
  });

  it('when the configuration has another API version than the object, then it is a 400', () => {
    const created = apply(undefined, nginx);
    expect(() => apply(created, { ...nginx, apiVersion: 'apps/v1beta2' })).toThrowError(
      expect.objectContaining({ httpStatus: 400, message: 'Incorrect version specified in apply patch. Specified patch version: apps/v1beta2, expected: apps/v1' }),
    );
  });
});

describe('recordUpdate', () => {
  it('given an applied deployment, when kubectl label adds a label, then kubectl-label owns it since then', () => {
    const applied = apply(undefined, nginx);
    const labelled = { ...applied, metadata: { ...applied.metadata, labels: { app: 'nginx', tier: 'web' } } };
    const result = recordUpdate('kubectl-label', applied, labelled, later, meta);
    expect(result.metadata.managedFields?.[1]).toEqual({
      manager: 'kubectl-label',
      operation: 'Update',
      apiVersion: 'apps/v1',
      time: '2025-03-01T11:00:00Z',
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:metadata': { 'f:labels': { 'f:tier': {} } } },
    });
  });

  it('given a creation, when recorded, then new maps carry their "." entry as upstream writes them', () => {
    const created = recordUpdate('kube-controller-manager', undefined, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', annotations: { a: 'b' } } }, now);
    expect(created.metadata.managedFields?.[0]).toMatchObject({ fieldsV1: { 'f:metadata': { 'f:annotations': { '.': {}, 'f:a': {} } } } });
  });

  it('given a write that changes nothing, when recorded, then the managed fields are untouched', () => {
    const applied = apply(undefined, nginx);
    expect(recordUpdate('kubectl-edit', applied, applied, later, meta)).toEqual(applied);
  });
});
