import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeObject } from '@kronicle/contracts';
import type { StoredObject } from '@kronicle/projection';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { decideCreate } from './decide-create';
import { decideUpdate } from './decide-update';
import { withManagedFields } from './managed-fields';
import { resourceInfo, type ResourceInfo } from './resource-info';
import type { WriteContext } from './write-context';

const ctx: WriteContext = { now: new Date('2026-03-01T10:00:00.123Z'), newUid: () => 'uid-1', randomSuffix: () => 'x7k2q' };
const stored = (object: KubeObject): StoredObject => ({ group: '', resource: '', object, streamVersion: 1, position: 7 });
const defaultNamespace = stored({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
const create = (info: ResourceInfo, body: KubeObject, manager: string) => decideCreate({ info, namespace: 'default', body, namespaceObject: defaultNamespace, manager }, ctx);
const fieldsOf = (object: KubeObject) => (object.metadata.managedFields as { fieldsV1: unknown }[]).map((entry) => entry.fieldsV1);

/** What upstream v1.32's defaulting makes every owner of a pod spec own: no `.` of `spec`'s own, none of `containers`'. */
const podSpecDefaults = {
  'f:dnsPolicy': {},
  'f:restartPolicy': {},
  'f:schedulerName': {},
  'f:securityContext': {},
  'f:terminationGracePeriodSeconds': {},
};
const nginxContainer = (extra: Record<string, unknown> = {}) => ({
  'k:{"name":"nginx"}': {
    '.': {},
    'f:image': {},
    'f:imagePullPolicy': {},
    'f:name': {},
    ...extra,
    'f:resources': {},
    'f:terminationMessagePath': {},
    'f:terminationMessagePolicy': {},
  },
});
/** The spec fields a writer of the docs' nginx Deployment owns once defaulted, around its container's. */
const deploymentSpecFields = (containers: Record<string, unknown>) => ({
  'f:progressDeadlineSeconds': {},
  'f:replicas': {},
  'f:revisionHistoryLimit': {},
  'f:selector': {},
  'f:strategy': { 'f:rollingUpdate': { '.': {}, 'f:maxSurge': {}, 'f:maxUnavailable': {} }, 'f:type': {} },
  'f:template': {
    'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
    'f:spec': { 'f:containers': containers, ...podSpecDefaults },
  },
});

describe('withManagedFields: what the writer of a create owns, as kubectl get -o yaml shows it', () => {
  it('kubectl run nginx --image=nginx: labels and container items get a ".", spec and containers none', () => {
    // The body kubectl 1.32 sends.
    const body: KubeObject = JSON.parse(
      '{"kind":"Pod","apiVersion":"v1","metadata":{"name":"nginx","creationTimestamp":null,"labels":{"run":"nginx"}},' +
        '"spec":{"containers":[{"name":"nginx","image":"nginx","resources":{}}],"restartPolicy":"Always","dnsPolicy":"ClusterFirst"},"status":{}}',
    );
    const created = create(resourceInfo('', 'pods'), body, 'kubectl-run');

    expect(created.metadata.managedFields).toEqual([
      {
        manager: 'kubectl-run',
        operation: 'Update',
        apiVersion: 'v1',
        time: '2026-03-01T10:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { '.': {}, 'f:run': {} } },
          'f:spec': { 'f:containers': nginxContainer(), ...podSpecDefaults, 'f:enableServiceLinks': {} },
        },
      },
    ]);
  });

  it('kubectl create deployment nginx --image=nginx: strategy and template have no ".", rollingUpdate has, selector is atomic', () => {
    const body: KubeObject = JSON.parse(
      '{"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"nginx","creationTimestamp":null,"labels":{"app":"nginx"}},' +
        '"spec":{"replicas":1,"selector":{"matchLabels":{"app":"nginx"}},"template":{"metadata":{"creationTimestamp":null,"labels":{"app":"nginx"}},' +
        '"spec":{"containers":[{"name":"nginx","image":"nginx","resources":{}}]}},"strategy":{}},"status":{}}',
    );
    const created = create(resourceInfo('apps', 'deployments'), body, 'kubectl-create');

    expect(fieldsOf(created)).toEqual([
      {
        'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
        'f:spec': deploymentSpecFields(nginxContainer()),
      },
    ]);
  });

  it('kubectl apply (client-side) of the docs nginx-deployment: ports and their items get a "."', () => {
    const manifest: KubeObject = parse(readFileSync(join(__dirname, '../../../test/k8s-examples/nginx-deployment.yaml'), 'utf8'));
    const lastApplied = JSON.stringify(manifest);
    const body = { ...manifest, metadata: { ...manifest.metadata, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied } } };
    const created = create(resourceInfo('apps', 'deployments'), body, 'kubectl-client-side-apply');

    const ports = { 'f:ports': { '.': {}, 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {}, 'f:protocol': {} } } };
    expect(fieldsOf(created)).toEqual([
      {
        'f:metadata': {
          'f:annotations': { '.': {}, 'f:kubectl.kubernetes.io/last-applied-configuration': {} },
          'f:labels': { '.': {}, 'f:app': {} },
        },
        'f:spec': deploymentSpecFields(nginxContainer(ports)),
      },
    ]);
  });

  it('a custom resource has no Go type: everything it brings is new, "." entries included', () => {
    const crontab = { apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name: 'c' }, spec: { cronSpec: '* * * * */5' } } as KubeObject;
    const recorded = withManagedFields('kubectl-create', undefined, crontab, ctx.now);

    expect(fieldsOf(recorded)).toEqual([{ 'f:spec': { '.': {}, 'f:cronSpec': {} } }]);
  });
});

describe('withManagedFields: an update', () => {
  const deployments = resourceInfo('apps', 'deployments');
  const nginx: KubeObject = parse(readFileSync(join(__dirname, '../../../test/k8s-examples/nginx-deployment.yaml'), 'utf8'));
  const created = create(deployments, nginx, 'kubectl-create');
  const later = new Date('2026-03-01T11:00:00Z');
  const update = (body: KubeObject, manager: string) => decideUpdate({ info: deployments, namespace: 'default', name: 'nginx-deployment', body, current: stored(created), manager, now: later });
  const entryOf = (object: KubeObject, manager: string) => (object.metadata.managedFields as { manager: string }[]).find((entry) => entry.manager === manager);

  it('kubectl set resources: the new limits are the updater’s with a ".", the always-present resources are not', () => {
    const template = (created.spec as any).template;
    const containers = [{ ...template.spec.containers[0], resources: { limits: { cpu: '1' } } }];
    const decision = update({ ...created, spec: { ...(created.spec as object), template: { ...template, spec: { ...template.spec, containers } } } }, 'kubectl-set');

    expect(decision.kind).toBe('update');
    expect(entryOf(decision.object, 'kubectl-set')).toMatchObject({
      time: '2026-03-01T11:00:00Z',
      fieldsV1: { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { 'f:resources': { 'f:limits': { '.': {}, 'f:cpu': {} } } } } } } } },
    });
  });

  it('stores the objects as written: what the comparison fills in (null containers, zero structs) is not added to them', () => {
    const decision = update({ ...created, metadata: { ...created.metadata, labels: { app: 'nginx', tier: 'web' } } }, 'kubectl-label');

    expect(created.spec).toMatchObject({ template: { metadata: { labels: { app: 'nginx' } } } });
    // creationTimestamp: null is stored by defaulting, as upstream prints it; the comparison adds nothing more.
    expect((created.spec as any).template.metadata).toEqual({ creationTimestamp: null, labels: { app: 'nginx' } });
    expect(created.status).toEqual({});
    expect(decision.object.spec).toEqual(created.spec);
    expect(decision.object.status).toEqual(created.status);
    expect(entryOf(decision.object, 'kubectl-label')).toMatchObject({ fieldsV1: { 'f:metadata': { 'f:labels': { 'f:tier': {} } } } });
  });
});
