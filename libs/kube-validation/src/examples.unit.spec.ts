import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '@kronicle/contracts';
import { applyDefaults, validateCreate } from './index';

const examples = join(__dirname, '../../../test/k8s-examples');

/** What the API does before calling us: namespace from the URL, uid assigned. */
function asSubmitted(object: KubeObject): KubeObject {
  const namespaced = !['Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'PriorityClass'].includes(object.kind);
  const metadata = { ...object.metadata, uid: '7f9e2c1a-0000-4000-8000-000000000001' };
  if (namespaced) metadata.namespace ??= 'default';
  return { ...object, metadata };
}

const manifests = readdirSync(examples)
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((file) =>
    parseAllDocuments(readFileSync(join(examples, file), 'utf8'))
      .map((doc) => doc.toJS() as KubeObject | null)
      .filter((o): o is KubeObject => !!o)
      .map((object) => ({ file, object: asSubmitted(object) })),
  );

describe('the Kubernetes documentation examples', () => {
  it('are all found', () => {
    expect(manifests.length).toBeGreaterThanOrEqual(11);
  });

  it.each(manifests.map((m) => [`${m.file} ${m.object.kind}/${m.object.metadata.name}`, m.object] as const))(
    'given %s, when defaulted and validated, then there are no causes',
    (_, object) => {
      expect(validateCreate(applyDefaults(object))).toEqual([]);
    },
  );

  it('given nginx-deployment.yaml, when defaulted, then it equals what upstream stores (kubectl get deploy -o yaml)', () => {
    const { object } = manifests.find((m) => m.object.kind === 'Deployment' && m.object.metadata.name === 'nginx-deployment')!;
    const defaulted = applyDefaults(object);
    // `template.metadata.creationTimestamp: null` is no default upstream but the zero Go time it always prints.
    expect(defaulted.spec).toEqual({
      progressDeadlineSeconds: 600,
      replicas: 3,
      revisionHistoryLimit: 10,
      selector: { matchLabels: { app: 'nginx' } },
      strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
      template: {
        metadata: { creationTimestamp: null, labels: { app: 'nginx' } },
        spec: {
          containers: [
            {
              image: 'nginx:1.14.2',
              imagePullPolicy: 'IfNotPresent',
              name: 'nginx',
              ports: [{ containerPort: 80, protocol: 'TCP' }],
              resources: {},
              terminationMessagePath: '/dev/termination-log',
              terminationMessagePolicy: 'File',
            },
          ],
          dnsPolicy: 'ClusterFirst',
          restartPolicy: 'Always',
          schedulerName: 'default-scheduler',
          securityContext: {},
          terminationGracePeriodSeconds: 30,
        },
      },
    });
    expect(defaulted.metadata.labels).toEqual({ app: 'nginx' });
  });

  it('given web.yaml, when defaulted, then the StatefulSet and its claim templates get upstream defaults', () => {
    const { object } = manifests.find((m) => m.object.kind === 'StatefulSet')!;
    const spec = applyDefaults(object).spec as Record<string, any>;
    expect(spec.podManagementPolicy).toBe('OrderedReady');
    expect(spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
    expect(spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(spec.revisionHistoryLimit).toBe(10);
    expect(spec.volumeClaimTemplates[0].spec.volumeMode).toBe('Filesystem');
    expect(spec.volumeClaimTemplates[0].status).toEqual({ phase: 'Pending' });
    expect(spec.template.metadata.creationTimestamp).toBeNull();
    expect(spec.volumeClaimTemplates[0].metadata).toEqual({ name: 'www', creationTimestamp: null });
  });

  it('given cronjob.yaml, when defaulted, then the job template and its pod template print creationTimestamp: null, as upstream', () => {
    const spec = applyDefaults(manifests.find((m) => m.object.kind === 'CronJob')!.object).spec as Record<string, any>;
    expect(spec.jobTemplate.metadata).toEqual({ creationTimestamp: null });
    expect(spec.jobTemplate.spec.template.metadata).toEqual({ creationTimestamp: null });
  });

  it('given job.yaml, when defaulted on create, then the selector and labels are generated from the uid', () => {
    const { object } = manifests.find((m) => m.object.kind === 'Job')!;
    const job = applyDefaults(object);
    const uid = object.metadata.uid;
    const labels = { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': uid, 'job-name': 'pi' };
    const spec = job.spec as Record<string, any>;
    expect(spec.selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': uid } });
    expect(spec.template.metadata.labels).toEqual(labels);
    expect(job.metadata.labels).toEqual(labels);
    expect(spec).toMatchObject({
      backoffLimit: 4,
      completions: 1,
      parallelism: 1,
      completionMode: 'NonIndexed',
      suspend: false,
      manualSelector: false,
      podReplacementPolicy: 'TerminatingOrFailed',
    });
  });

  it('given the NodePort and LoadBalancer services, when defaulted, then traffic policies and target ports are set', () => {
    const nodePort = applyDefaults(manifests.find((m) => m.object.metadata.name === 'my-nginx' && m.object.kind === 'Service')!.object);
    expect(nodePort.spec).toMatchObject({
      type: 'NodePort',
      externalTrafficPolicy: 'Cluster',
      internalTrafficPolicy: 'Cluster',
      sessionAffinity: 'None',
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4'],
      ports: [
        { port: 8080, targetPort: 80, protocol: 'TCP', name: 'http' },
        { port: 443, targetPort: 443, protocol: 'TCP', name: 'https' },
      ],
    });
    const lb = applyDefaults(manifests.find((m) => m.object.metadata.name === 'frontend')!.object);
    expect(lb.spec).toMatchObject({ allocateLoadBalancerNodePorts: true, externalTrafficPolicy: 'Cluster' });
  });
});
