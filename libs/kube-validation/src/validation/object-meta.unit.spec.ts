import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kronicle/contracts';
import { applyDefaults, fieldErrorString, validateCreate, validateUpdate } from '../index';

const configMap = (metadata: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata });
const messages = (o: KubeObject, old?: KubeObject) => (old ? validateUpdate(o, old) : validateCreate(o)).map(fieldErrorString);

describe('ObjectMeta validation', () => {
  it('given no name, when validated, then name or generateName is required', () => {
    expect(messages(configMap({ namespace: 'default' }))).toEqual(['metadata.name: Required value: name or generateName is required']);
  });

  it('given a namespaced kind without namespace and a cluster kind with one, when validated, then both are reported', () => {
    expect(messages(configMap({ name: 'a' }))).toEqual(['metadata.namespace: Required value']);
    const ns = applyDefaults({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a', namespace: 'b' } });
    expect(messages(ns)).toEqual(['metadata.namespace: Forbidden: not allowed on this type']);
  });

  it('given bad label keys and values, when validated, then each is reported at metadata.labels', () => {
    expect(messages(configMap({ name: 'a', namespace: 'default', labels: { 'bad key': 'ok', good: '-bad' } }))).toEqual([
      "metadata.labels: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      "metadata.labels: Invalid value: \"-bad\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ]);
  });

  it('given annotations over 256 KiB, when validated, then they are too long', () => {
    expect(messages(configMap({ name: 'a', namespace: 'default', annotations: { big: 'x'.repeat(262145) } }))).toEqual([
      'metadata.annotations: Too long: must have at most 262144 bytes',
    ]);
  });

  it('given a Namespace with a DNS-1123 subdomain name, when validated, then Namespace names are labels', () => {
    const ns = applyDefaults({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team.a' } });
    expect(messages(ns)).toEqual(['metadata.name: Invalid value: "team.a": must not contain dots']);
  });

  it('given a new Namespace, when defaulted on create and on update, then the finalizer is only added on create', () => {
    const created = applyDefaults({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
    expect(created).toMatchObject({ metadata: { labels: { 'kubernetes.io/metadata.name': 'team' } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
    const updated = applyDefaults({ ...created, spec: { finalizers: [] } }, 'update');
    expect(updated.spec).toEqual({ finalizers: [] });
  });

  it('given a changed name, namespace or creationTimestamp, when updated, then they are immutable', () => {
    const old = configMap({ name: 'a', namespace: 'default', creationTimestamp: '2024-01-01T00:00:00Z' });
    const next = configMap({ name: 'b', namespace: 'default', creationTimestamp: '2024-01-02T03:04:05Z' });
    expect(messages(next, old)).toEqual([
      'metadata.name: Invalid value: "b": field is immutable',
      'metadata.creationTimestamp: Invalid value: 2024-01-02 03:04:05 +0000 UTC: field is immutable',
    ]);
  });

  it('given an object being deleted, when a finalizer is added, then it is forbidden', () => {
    const old = configMap({ name: 'a', namespace: 'default', deletionTimestamp: '2024-01-01T00:00:00Z', finalizers: ['a.io/x'] });
    const next = configMap({ name: 'a', namespace: 'default', deletionTimestamp: '2024-01-01T00:00:00Z', finalizers: ['a.io/x', 'b.io/y'] });
    expect(messages(next, old)).toEqual(['metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"b.io/y"}']);
  });

  it('given both orphan and foregroundDeletion finalizers, when validated, then they conflict', () => {
    expect(messages(configMap({ name: 'a', namespace: 'default', finalizers: ['orphan', 'foregroundDeletion'] }))).toEqual([
      'metadata.finalizers: Invalid value: []string{"orphan", "foregroundDeletion"}: finalizer orphan and foregroundDeletion cannot be both set',
    ]);
  });
});
