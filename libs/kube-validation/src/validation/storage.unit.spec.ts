import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kronicle/contracts';
import { applyDefaults, fieldErrorString, invalidMessage, validateCreate, validateUpdate } from '../index';

const object = (apiVersion: string, kind: string, body: Record<string, unknown>, namespaced = true): KubeObject =>
  applyDefaults({ apiVersion, kind, metadata: { name: 'x', ...(namespaced ? { namespace: 'default' } : {}) }, ...body });
const messages = (o: KubeObject, old?: KubeObject) => (old ? validateUpdate(o, old) : validateCreate(o)).map(fieldErrorString);
const pvc = (spec: Record<string, unknown>, status?: Record<string, unknown>) => object('v1', 'PersistentVolumeClaim', { spec, ...(status ? { status } : {}) });

describe('PersistentVolume validation', () => {
  const pv = (spec: Record<string, unknown>) => object('v1', 'PersistentVolume', { spec }, false);

  it('given a valid hostPath volume, when defaulted, then Retain, Filesystem and an empty hostPath type are set', () => {
    const v = pv({ capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/mnt' } });
    expect(v.spec).toMatchObject({ persistentVolumeReclaimPolicy: 'Retain', volumeMode: 'Filesystem', hostPath: { path: '/mnt', type: '' } });
    expect(messages(v)).toEqual([]);
  });

  it('given no capacity, access modes or source, when validated, then each is reported', () => {
    expect(messages(pv({}))).toEqual([
      'spec.accessModes: Required value',
      'spec.capacity: Required value',
      'spec.capacity: Unsupported value: core.ResourceList(nil): supported values: "storage"',
      'spec: Required value: must specify a volume type',
    ]);
  });

  it('given two sources, when validated, then the second is forbidden', () => {
    const v = pv({ capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/a' }, nfs: { server: 's', path: '/' } });
    expect(messages(v)).toEqual(['spec.nfs: Forbidden: may not specify more than 1 volume type']);
  });
});

describe('PersistentVolumeClaim validation', () => {
  it('given a negative size, when validated, then it is a 422 at resources[storage]', () => {
    const causes = validateCreate(pvc({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '-1Gi' } } }));
    expect(invalidMessage('PersistentVolumeClaim', '', 'x', causes)).toBe(
      'PersistentVolumeClaim "x" is invalid: spec.resources[storage]: Invalid value: "-1Gi": must be greater than zero',
    );
  });

  it('given no access modes or storage request, when validated, then both are required', () => {
    expect(messages(pvc({}))).toEqual(['spec.accessModes: Required value: at least 1 access mode is required', 'spec.resources[storage]: Required value']);
  });

  it('given an unknown access mode mixed with ReadWriteOncePod, when validated, then both rules apply', () => {
    expect(messages(pvc({ accessModes: ['ReadWriteOncePod', 'Shared'], resources: { requests: { storage: '1Gi' } } }))).toEqual([
      'spec.accessModes: Unsupported value: "Shared": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"',
      'spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes',
    ]);
  });

  it('given a bound claim, when its request grows, then it is allowed; when it shrinks or other spec changes, then it is not', () => {
    const spec = { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeName: 'pv1' };
    const old = pvc(spec, { phase: 'Bound' });
    expect(messages(pvc({ ...spec, resources: { requests: { storage: '2Gi' } } }, { phase: 'Bound' }), old)).toEqual([]);
    expect(messages(pvc({ ...spec, resources: { requests: { storage: '512Mi' } } }, { phase: 'Bound' }), old)).toEqual([
      'spec.resources.requests.storage: Forbidden: field can not be less than previous value',
    ]);
    expect(messages(pvc({ ...spec, accessModes: ['ReadWriteMany'] }, { phase: 'Bound' }), old)).toEqual([
      'spec: Forbidden: spec is immutable after creation except resources.requests for bound claims',
    ]);
  });

  it('given an unbound claim, when volumeName is set for the first time, then it is allowed', () => {
    const spec = { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } };
    expect(messages(pvc({ ...spec, volumeName: 'pv1' }), pvc(spec))).toEqual([]);
  });

  it('given a claim that names no class, when the default class is set on it, then it is allowed once (retroactive default class)', () => {
    const spec = { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } };
    expect(messages(pvc({ ...spec, storageClassName: 'standard' }), pvc(spec))).toEqual([]);
    expect(messages(pvc({ ...spec, storageClassName: 'fast' }), pvc({ ...spec, storageClassName: 'standard' }))).toEqual([
      'spec: Forbidden: spec is immutable after creation except resources.requests for bound claims',
    ]);
    expect(messages(pvc({ ...spec, storageClassName: 'fast' }), pvc({ ...spec, storageClassName: '' }))).toHaveLength(1);
  });
});

describe('StorageClass validation', () => {
  const sc = (body: Record<string, unknown>) => object('storage.k8s.io/v1', 'StorageClass', body, false);

  it('given no provisioner, when validated, then it is required; defaults are Delete and Immediate', () => {
    const s = sc({});
    expect(s).toMatchObject({ reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' });
    expect(messages(s)).toEqual(['provisioner: Required value']);
  });

  it('given changed parameters or provisioner, when updated, then both are forbidden', () => {
    expect(messages(sc({ provisioner: 'b.io/x', parameters: { a: '2' } }), sc({ provisioner: 'a.io/x', parameters: { a: '1' } }))).toEqual([
      'parameters: Forbidden: updates to parameters are forbidden.',
      'provisioner: Forbidden: updates to provisioner are forbidden.',
    ]);
  });
});
