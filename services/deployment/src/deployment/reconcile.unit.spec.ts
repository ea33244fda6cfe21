import { describe, expect, it } from 'vitest';
import { replicaSetController } from '../replicaset/controller';
import { nginxDeployment, withImage } from '../testing/fixtures';
import { podsResource } from '../shared/resources';
import { World } from '../testing/world';
import { deploymentController } from './controller';

const world = () => new World([deploymentController, replicaSetController]);

describe('a Deployment', () => {
  it('creates a ReplicaSet named after its pod-template-hash, which creates the pods', () => {
    const w = world();
    w.create('apps/deployments', nginxDeployment());
    w.converge();
    const [rs] = w.replicaSets();
    const hash = rs.metadata.labels?.['pod-template-hash'];
    expect(rs.metadata.name).toBe(`nginx-deployment-${hash}`);
    expect(rs.spec.selector.matchLabels).toEqual({ app: 'nginx', 'pod-template-hash': hash });
    expect(rs.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4' });
    expect(w.pods().map((p) => p.metadata.name)).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^${rs.metadata.name}-[a-z0-9]{5}$`))]));
    expect(w.pods()).toHaveLength(3);
    const d = w.deployment('nginx-deployment');
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    expect(d.status).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(d.status?.conditions?.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['Available', 'True', 'MinimumReplicasAvailable'],
      ['Progressing', 'True', 'NewReplicaSetAvailable'],
    ]);
    expect(w.events('ScalingReplicaSet').map((e) => e.message)).toEqual([`Scaled up replica set ${rs.metadata.name} from 0 to 3`]);
  });

  it('rolls out a new template to a second ReplicaSet and back to the first on undo', () => {
    const w = world();
    w.create('apps/deployments', nginxDeployment());
    w.converge();
    const [first] = w.replicaSets();
    w.update('apps/deployments', withImage(w.deployment('nginx-deployment'), 'nginx:1.16.1'));
    w.converge();
    const second = w.replicaSets().find((rs) => rs.metadata.name !== first.metadata.name)!;
    expect(second.spec.replicas).toBe(3);
    expect(w.replicaSets().find((rs) => rs.metadata.name === first.metadata.name)?.spec.replicas).toBe(0);
    expect(second.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');

    w.update('apps/deployments', withImage(w.deployment('nginx-deployment'), 'nginx:1.14.2'));
    w.converge();
    const reused = w.replicaSets().find((rs) => rs.metadata.name === first.metadata.name)!;
    expect(w.replicaSets()).toHaveLength(2);
    expect(reused.spec.replicas).toBe(3);
    expect(reused.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1' });
    expect(w.deployment('nginx-deployment').metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
  });

  it('Recreate: scales the old ReplicaSet to 0, waits while its terminating pods run, and creates the new one once they have finished or gone', () => {
    const w = world();
    w.create('apps/deployments', nginxDeployment({ replicas: 2, strategy: { type: 'Recreate' } }));
    w.settle();
    // Scheduled pods terminate gracefully: they run on until their kubelet stops them.
    for (const pod of w.pods()) w.write([{ kind: 'bind', namespace: 'default', name: pod.metadata.name ?? '', nodeName: 'node-1' }], 'service:scheduler');
    w.converge();
    const [old] = w.replicaSets();

    w.update('apps/deployments', withImage(w.deployment('nginx-deployment'), 'nginx:1.16.1'));
    w.settle();
    expect(w.replicaSets().map((rs) => [rs.metadata.name, rs.spec.replicas])).toEqual([[old.metadata.name, 0]]);
    const [first, second] = w.pods();
    expect([first.metadata.deletionTimestamp, second.metadata.deletionTimestamp]).toEqual([expect.any(String), expect.any(String)]);

    w.markFailed(first);
    w.settle();
    expect(w.replicaSets()).toHaveLength(1);

    w.write([{ kind: 'delete', resource: podsResource, namespace: 'default', name: second.metadata.name ?? '', options: { gracePeriodSeconds: 0 } }], 'service:kubelet');
    w.settle();
    const created = w.replicaSets().find((rs) => rs.metadata.name !== old.metadata.name);
    expect(created?.spec.replicas).toBe(2);
    expect(w.pods().filter((p) => !p.metadata.deletionTimestamp)).toHaveLength(2);
  });
});
