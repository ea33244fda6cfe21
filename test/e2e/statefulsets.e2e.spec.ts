import { describe, expect, it } from 'vitest';
import { eventually } from '@kronicle/testing';
import { example } from '../support/examples';
import { describedEvent } from '../support/kubectl';
import { meshSuite } from '../support/mesh-suite';

describe('StatefulSets through kubectl', () => {
  const suite = meshSuite();
  const { run } = suite;
  /** The set's pods as `name phase image` lines, sorted; those being deleted left out. */
  const pods = async () =>
    (await run('get', 'pods', '-l', 'app=nginx', '-o', 'jsonpath={range .items[*]}{.metadata.name} {.status.phase} {.spec.containers[0].image} {.metadata.deletionTimestamp}{"\\n"}{end}'))
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.split(' ').length === 3)
      .sort();
  const rolledOut = async () => expect(await run('rollout', 'status', 'sts/web', '--timeout=90s')).toMatch(/partitioned roll out complete|roll out complete|statefulset rolling update complete/);

  it('runs the documentation’s web StatefulSet: ordered pods with stable names, each with its own bound claim', async () => {
    expect(await run('apply', '-f', example('web.yaml'))).toBe('service/nginx created\nstatefulset.apps/web created\n');
    await rolledOut();
    expect(await pods()).toEqual(['web-0 Running registry.k8s.io/nginx-slim:0.21', 'web-1 Running registry.k8s.io/nginx-slim:0.21']);
    expect(await run('get', 'pvc', '-o', 'jsonpath={range .items[*]}{.metadata.name} {.status.phase}{"\\n"}{end}')).toBe('www-web-0 Bound\nwww-web-1 Bound\n');
    expect(await run('get', 'pod', 'web-1', '-o', 'jsonpath={.spec.hostname}.{.spec.subdomain} {.spec.volumes[?(@.name=="www")].persistentVolumeClaim.claimName}')).toBe('web-1.nginx www-web-1');
    expect(await run('get', 'sts', 'web')).toMatch(/\nweb\s+2\/2\s+\d+s\n$/);
    const described = await run('describe', 'sts', 'web');
    expect(described).toMatch(describedEvent('Normal', 'SuccessfulCreate', 'statefulset-controller', 'create Claim www-web-0 Pod web-0 in StatefulSet web success'));
    expect(described).toMatch(describedEvent('Normal', 'SuccessfulCreate', 'statefulset-controller', 'create Pod web-1 in StatefulSet web successful'));
    // web-1 was made no earlier than web-0 became Ready (times in whole seconds; the unit specs pin the order exactly).
    const web0Ready = await run('get', 'pod', 'web-0', '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].lastTransitionTime}');
    expect(Date.parse(await run('get', 'pod', 'web-1', '-o', 'jsonpath={.metadata.creationTimestamp}'))).toBeGreaterThanOrEqual(Date.parse(web0Ready));
  }, 120_000);

  it('scales up and down by ordinal; a new image rolls out from the highest ordinal', async () => {
    expect(await run('scale', 'sts', 'web', '--replicas=3')).toBe('statefulset.apps/web scaled\n');
    await rolledOut();
    expect((await pods()).map((line) => line.split(' ')[0])).toEqual(['web-0', 'web-1', 'web-2']);
    await run('set', 'image', 'sts/web', 'nginx=registry.k8s.io/nginx-slim:0.22');
    await rolledOut();
    await eventually(async () => expect(await pods()).toEqual(['web-0', 'web-1', 'web-2'].map((n) => `${n} Running registry.k8s.io/nginx-slim:0.22`)));
    const status = JSON.parse(await run('get', 'sts', 'web', '-o', 'jsonpath={.status}'));
    expect(status).toMatchObject({ replicas: 3, readyReplicas: 3, updatedReplicas: 3, currentReplicas: 3, currentRevision: status.updateRevision });
    expect(await run('scale', 'sts', 'web', '--replicas=1')).toBe('statefulset.apps/web scaled\n');
    await eventually(async () => expect((await pods()).map((line) => line.split(' ')[0])).toEqual(['web-0']), 60_000);
    // The claims of the pods scaled away stay (whenScaled: Retain).
    expect(await run('get', 'pvc', '-o', 'name')).toBe('persistentvolumeclaim/www-web-0\npersistentvolumeclaim/www-web-1\npersistentvolumeclaim/www-web-2\n');
  }, 200_000);

  it('persistentVolumeClaimRetentionPolicy whenScaled: Delete: the claim of a pod scaled away goes with it', async () => {
    const set = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db' },
      spec: {
        serviceName: 'db',
        replicas: 2,
        selector: { matchLabels: { app: 'db' } },
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Delete' },
        template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres:17', volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql' }] }] } },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      },
    };
    expect((await suite.kubectl(['apply', '-f', '-'], { input: JSON.stringify(set) })).stderr).toBe('');
    expect(await run('rollout', 'status', 'sts/db', '--timeout=90s')).toMatch(/roll out complete|rolling update complete/);
    expect(await run('scale', 'sts', 'db', '--replicas=1')).toBe('statefulset.apps/db scaled\n');
    await eventually(async () => expect(await run('get', 'pvc', '-l', 'app=db', '-o', 'name')).toBe('persistentvolumeclaim/data-db-0\n'), 60_000);
  }, 150_000);
});
