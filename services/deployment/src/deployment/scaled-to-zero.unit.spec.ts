import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { replicaSetController } from '../replicaset/controller';
import { nginxDeployment } from '../testing/fixtures';
import { World } from '../testing/world';
import { deploymentController } from './controller';

/** The nginx Deployment running 3 ready pods, then `kubectl scale deploy/nginx-deployment --replicas=0`. */
function scaledToZero(): World {
  const w = new World([deploymentController, replicaSetController]);
  w.create('apps/deployments', nginxDeployment({ replicas: 3 }));
  w.converge();
  const d = w.deployment('nginx-deployment');
  w.update('apps/deployments', { ...d, spec: { ...d.spec, replicas: 0 } });
  w.converge();
  return w;
}

describe('a Deployment scaled to 0, as kubectl get -o yaml shows it (Go’s omitempty leaves zero counts out)', () => {
  it('its ReplicaSet shows replicas: 0 and no other count, and no minReadySeconds: 0', () => {
    const [rs] = scaledToZero().replicaSets();

    expect(stringify({ status: rs.status })).toBe('status:\n  replicas: 0\n  observedGeneration: 2\n');
    expect(rs.spec).not.toHaveProperty('minReadySeconds');
  });

  it('the Deployment shows no counts at all, only observedGeneration and its conditions', () => {
    const { status } = scaledToZero().deployment('nginx-deployment');

    expect(Object.keys(status ?? {}).sort()).toEqual(['conditions', 'observedGeneration']);
    expect(status?.conditions?.find((c) => c.type === 'Progressing')?.reason).toBe('NewReplicaSetAvailable');
  });

  it('a minReadySeconds set on the Deployment reaches its ReplicaSet, and going back to 0 removes it', () => {
    const w = new World([deploymentController, replicaSetController]);
    w.create('apps/deployments', nginxDeployment({ replicas: 1, minReadySeconds: 5 }));
    w.settle();
    expect(w.replicaSets()[0].spec.minReadySeconds).toBe(5);
    const d = w.deployment('nginx-deployment');
    w.update('apps/deployments', { ...d, spec: { ...d.spec, minReadySeconds: 0 } });
    w.settle();
    expect(w.replicaSets()).toHaveLength(1);
    expect(w.replicaSets()[0].spec).not.toHaveProperty('minReadySeconds');
  });
});
