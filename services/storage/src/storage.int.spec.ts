import { appendWrites, runController, systemClock, type RunningController } from '@kronicle/controller-runtime';
import { createLogFixture, type LogFixture } from '@kronicle/log-fixture';
import { pgAdvisoryLock, silentLogger, startRelay, type Relay } from '@kronicle/messaging';
import { resourceInfo } from '@kronicle/object-lifecycle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getClaim, getVolume, pvcs } from './resources';
import { storageController } from './storage-controller';
import { claim, create, pod, volume } from './testing/storage-fixtures';
import { until } from '@kronicle/testing';

let f: LogFixture;
let relay: Relay;
let controller: RunningController;


beforeAll(async () => {
  f = await createLogFixture();
  await appendWrites(f.store, [{ kind: 'create', resource: resourceInfo('', 'namespaces'), object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } } }]);
  relay = startRelay({ store: f.store, nats: f.nats, names: f.names, leaderLock: pgAdvisoryLock({ connectionString: f.db.url, key: `relay/${f.names.cluster}`, retryMs: 50 }), pollIntervalMs: 100 });
  controller = await runController(storageController, { store: f.store, nats: f.nats, cluster: f.names.cluster, clock: systemClock, logger: silentLogger });
});

afterAll(async () => {
  await controller?.stop();
  await relay?.stop();
  await f?.dispose();
});

describe('storage controller on the real log', () => {
  it('creates the standard class, binds the docs PV + PVC example, and provisions a claim of the default class', async () => {
    await until(() => controller.state.list({ group: 'storage.k8s.io', resource: 'storageclasses' }).length > 0);
    await appendWrites(f.store, [
      create(volume('task-pv-volume', '10Gi', { storageClassName: 'manual' }, { type: 'local' })),
      create(claim('task-pv-claim', '3Gi', { storageClassName: 'manual' })),
      create(claim('data', '1Gi', { storageClassName: undefined })),
    ]);
    const bound = await until(() => (getClaim(controller.state, 'default', 'task-pv-claim')?.status?.phase === 'Bound' ? getClaim(controller.state, 'default', 'task-pv-claim') : undefined));
    expect(bound.spec.volumeName).toBe('task-pv-volume');
    expect(getVolume(controller.state, 'task-pv-volume')?.status?.phase).toBe('Bound');
    const provisioned = await until(() => (getClaim(controller.state, 'default', 'data')?.status?.phase === 'Bound' ? getClaim(controller.state, 'default', 'data') : undefined));
    expect(provisioned.spec).toMatchObject({ storageClassName: 'standard', volumeName: `pvc-${provisioned.metadata.uid}` });
  });

  it('keeps a claim used by a scheduled pod Terminating until the pod is deleted', async () => {
    await appendWrites(f.store, [create(pod('user', 'data', 'node-1'))]);
    await until(() => getClaim(controller.state, 'default', 'data')?.metadata.finalizers?.length);
    await appendWrites(f.store, [{ kind: 'delete', resource: pvcs, namespace: 'default', name: 'data' }]);
    await until(() => getClaim(controller.state, 'default', 'data')?.metadata.deletionTimestamp);
    await controller.idle();
    expect(getClaim(controller.state, 'default', 'data')?.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);
    await appendWrites(f.store, [{ kind: 'delete', resource: resourceInfo('', 'pods'), namespace: 'default', name: 'user', options: { gracePeriodSeconds: 0 } }]);
    await until(() => !getClaim(controller.state, 'default', 'data'));
  });
});
