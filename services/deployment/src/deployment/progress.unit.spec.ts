import { describe, expect, it } from 'vitest';
import type { ObjectWrite, ReconcileResult } from '@kronicle/controller-runtime';
import { replicaSetController } from '../replicaset/controller';
import { nginxDeployment, withImage } from '../testing/fixtures';
import { World } from '../testing/world';
import type { Condition, Deployment, ReplicaSet } from '../shared/objects';
import { deploymentsResource, replicaSetsResource } from '../shared/resources';
import { deploymentController } from './controller';
import { reconcileDeployment } from './reconcile';

// Upstream's syncRolloutStatus / getReplicaFailures (pkg/controller/deployment/progress.go).

const KEY = 'default/nginx-deployment';
const refused = (pod: string) => `Pod "${pod}" is invalid: metadata.finalizers: Invalid value: "bad finalizer": name part must consist of alphanumeric characters`;
const failure = (reason: string, message: string, time: string): Condition => ({ type: 'ReplicaFailure', status: 'True', lastTransitionTime: time, reason, message });

/** The Deployment's first ReplicaSet created, without pods (no ReplicaSet controller runs). */
function deployed(d: Deployment = nginxDeployment()): World {
  const w = new World([deploymentController]);
  w.create('apps/deployments', d);
  w.settle();
  return w;
}

const replicaSets = (w: World) => [...w.replicaSets()].sort((a, b) => Number(a.metadata.annotations?.['deployment.kubernetes.io/revision']) - Number(b.metadata.annotations?.['deployment.kubernetes.io/revision']));

/** What the ReplicaSet controller writes: the ReplicaSet's status with these conditions. */
function reportConditions(w: World, rs: ReplicaSet, conditions: Condition[]): void {
  const status = { replicas: 0, observedGeneration: rs.metadata.generation, ...(conditions.length ? { conditions } : {}) };
  w.write([{ kind: 'update', resource: replicaSetsResource, subresource: 'status', object: { ...rs, status } }], 'service:replicaset-controller');
}

/** A rollout step writes its new ReplicaSet as it found it (annotations, minReadySeconds); the runtime drops it when unchanged. */
const unchanged = (rs: ReplicaSet): ObjectWrite => ({ kind: 'update', resource: replicaSetsResource, object: rs });
const statusWrite = (d: Deployment, status: Deployment['status']): ObjectWrite => ({ kind: 'update', resource: deploymentsResource, subresource: 'status', object: { ...d, status } });
const statusOf = (result: ReconcileResult) => (result.writes.find((x) => x.kind === 'update' && x.resource === deploymentsResource && x.subresource === 'status') as { object: Deployment }).object.status;
const conditionTypes = (status: Deployment['status']) => status?.conditions?.map((c) => c.type);

describe('Deployment ReplicaFailure: copied from its ReplicaSets by a rollout step', () => {
  it('given the new ReplicaSet reports FailedCreate, when reconciled, then the status write adds ReplicaFailure with its status, reason and message, both times its lastTransitionTime', () => {
    // Given
    const w = deployed();
    const [rs] = replicaSets(w);
    w.advance(5000);
    reportConditions(w, rs, [failure('FailedCreate', refused(`${rs.metadata.name}-abcde`), '2026-01-01T00:00:05Z')]);
    w.advance(5000);
    const d = w.deployment('nginx-deployment');

    // When
    const result = reconcileDeployment(KEY, w.state, w.now);

    // Then: appended after Available and Progressing, as upstream's SetDeploymentCondition appends
    expect(result.writes).toEqual([
      unchanged(replicaSets(w)[0]),
      statusWrite(d, {
        ...d.status,
        conditions: [
          ...(d.status?.conditions ?? []),
          {
            type: 'ReplicaFailure',
            status: 'True',
            lastUpdateTime: '2026-01-01T00:00:05Z',
            lastTransitionTime: '2026-01-01T00:00:05Z',
            reason: 'FailedCreate',
            message: refused(`${rs.metadata.name}-abcde`),
          },
        ],
      }),
    ]);
  });

  it('given it is shown, when the ReplicaSet reports the same reason with another message, then the Deployment keeps the condition as first copied', () => {
    // Given
    const w = deployed();
    const [rs] = replicaSets(w);
    reportConditions(w, rs, [failure('FailedCreate', refused('first'), '2026-01-01T00:00:00Z')]);
    w.write(reconcileDeployment(KEY, w.state, w.now).writes, 'service:deployment-controller');
    const shown = w.deployment('nginx-deployment').status;
    w.advance(60_000);
    reportConditions(w, replicaSets(w)[0], [failure('FailedCreate', refused('second'), '2026-01-01T00:01:00Z')]);

    // When
    const result = reconcileDeployment(KEY, w.state, w.now);

    // Then: upstream's SetDeploymentCondition changes nothing for the same status and reason
    expect(statusOf(result)).toEqual(shown);
    expect(shown?.conditions?.find((c) => c.type === 'ReplicaFailure')?.message).toBe(refused('first'));
  });

  it('given the failure is shown, when no ReplicaSet reports it any more, then the status write removes it', () => {
    // Given
    const w = deployed();
    const [rs] = replicaSets(w);
    reportConditions(w, rs, [failure('FailedCreate', refused('a'), '2026-01-01T00:00:00Z')]);
    w.write(reconcileDeployment(KEY, w.state, w.now).writes, 'service:deployment-controller');
    expect(conditionTypes(w.deployment('nginx-deployment').status)).toContain('ReplicaFailure');
    reportConditions(w, replicaSets(w)[0], []);
    const d = w.deployment('nginx-deployment');

    // When
    const result = reconcileDeployment(KEY, w.state, w.now);

    // Then
    expect(result.writes).toEqual([unchanged(replicaSets(w)[0]), statusWrite(d, { ...d.status, conditions: d.status?.conditions?.filter((c) => c.type !== 'ReplicaFailure') })]);
  });

  describe('given an old and a new ReplicaSet mid-rollout', () => {
    const rollingWorld = () => {
      const w = deployed();
      w.update('apps/deployments', withImage(w.deployment('nginx-deployment'), 'nginx:1.16.1'));
      w.settle();
      const [oldRS, newRS] = replicaSets(w);
      expect(newRS.spec.template).not.toEqual(oldRS.spec.template);
      return { w, oldRS, newRS };
    };
    const failureShown = (result: ReconcileResult) => statusOf(result)?.conditions?.find((c) => c.type === 'ReplicaFailure');

    it('when both report a failure, then the new one\'s is shown', () => {
      const { w, oldRS, newRS } = rollingWorld();
      reportConditions(w, oldRS, [failure('FailedDelete', 'old cannot delete', '2026-01-01T00:00:00Z')]);
      reportConditions(w, newRS, [failure('FailedCreate', refused('new'), '2026-01-01T00:00:00Z')]);

      expect(failureShown(reconcileDeployment(KEY, w.state, w.now))).toMatchObject({ reason: 'FailedCreate', message: refused('new') });
    });

    it('when only the old one reports a failure, then the old one\'s is shown', () => {
      const { w, oldRS } = rollingWorld();
      reportConditions(w, oldRS, [failure('FailedDelete', 'old cannot delete', '2026-01-01T00:00:00Z')]);

      expect(failureShown(reconcileDeployment(KEY, w.state, w.now))).toMatchObject({ reason: 'FailedDelete', message: 'old cannot delete' });
    });
  });

  describe('given a paused Deployment (upstream\'s sync only counts: it neither copies nor removes ReplicaFailure)', () => {
    const pause = (w: World) => {
      const d = w.deployment('nginx-deployment');
      w.update('apps/deployments', { ...d, spec: { ...d.spec, paused: true } });
      w.settle();
    };

    it('when its ReplicaSet reports a failure, then the Deployment does not show it', () => {
      const w = deployed();
      pause(w);
      reportConditions(w, replicaSets(w)[0], [failure('FailedCreate', refused('a'), '2026-01-01T00:00:00Z')]);

      expect(conditionTypes(statusOf(reconcileDeployment(KEY, w.state, w.now)))).not.toContain('ReplicaFailure');
    });

    it('when the failure it shows is gone from its ReplicaSet, then the Deployment still shows it', () => {
      const w = deployed();
      reportConditions(w, replicaSets(w)[0], [failure('FailedCreate', refused('a'), '2026-01-01T00:00:00Z')]);
      w.write(reconcileDeployment(KEY, w.state, w.now).writes, 'service:deployment-controller');
      pause(w);
      reportConditions(w, replicaSets(w)[0], []);

      expect(conditionTypes(statusOf(reconcileDeployment(KEY, w.state, w.now)))).toContain('ReplicaFailure');
    });
  });
});

describe('Deployment ReplicaFailure with the ReplicaSet controller', () => {
  it('a template whose pods the API refuses: the Deployment shows its ReplicaSet\'s condition; fixed, both lose it', () => {
    // Given: a template finalizer that is not a qualified name; the Deployment is accepted, every pod is not
    const w = new World([deploymentController, replicaSetController]);
    const broken = nginxDeployment();
    broken.spec.template.metadata = { ...broken.spec.template.metadata, finalizers: ['bad finalizer'] };
    w.create('apps/deployments', broken);
    w.settle();

    const [rs] = w.replicaSets();
    const rsFailure = rs.status?.conditions?.find((c) => c.type === 'ReplicaFailure');
    expect(rsFailure).toMatchObject({ status: 'True', reason: 'FailedCreate', message: expect.stringMatching(/^Pod "nginx-deployment-[a-z0-9]+-[a-z0-9x]{5}" is invalid: metadata\.finalizers/) });
    expect(w.deployment('nginx-deployment').status?.conditions?.find((c) => c.type === 'ReplicaFailure')).toEqual({ ...rsFailure, lastUpdateTime: rsFailure?.lastTransitionTime });
    expect(w.pods()).toEqual([]);

    // When: the template is fixed
    const d = w.deployment('nginx-deployment');
    w.update('apps/deployments', { ...d, spec: { ...d.spec, template: nginxDeployment().spec.template } });
    w.converge();

    // Then
    const fixed = w.deployment('nginx-deployment');
    expect(fixed.status).toMatchObject({ replicas: 3, updatedReplicas: 3, availableReplicas: 3 });
    expect(conditionTypes(fixed.status)).toEqual(['Available', 'Progressing']);
    expect(w.replicaSets().flatMap((r) => r.status?.conditions ?? [])).toEqual([]);
  });
});
