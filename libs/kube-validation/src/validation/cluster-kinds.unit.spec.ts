import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kronicle/contracts';
import { applyDefaults, fieldErrorString, validateCreate, validateUpdate } from '../index';

const messages = (o: KubeObject, old?: KubeObject) => (old ? validateUpdate(o, old) : validateCreate(o)).map(fieldErrorString);

describe('PriorityClass validation', () => {
  const pc = (name: string, value: number) => applyDefaults({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value });

  it('given a user class, when defaulted, then it preempts lower priorities; values above one billion are forbidden', () => {
    expect(pc('high', 1000)).toMatchObject({ preemptionPolicy: 'PreemptLowerPriority' });
    expect(messages(pc('high', 1_000_000_001))).toEqual(['value: Forbidden: maximum allowed value of a user defined priority is 1000000000']);
  });

  it('given a system- prefix, when validated, then only the known system classes are allowed', () => {
    expect(messages(pc('system-cluster-critical', 2_000_000_000))).toEqual([]);
    expect(messages(pc('system-mine', 10))).toEqual([
      "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class",
    ]);
  });

  it('given a changed value, when updated, then it may not change', () => {
    expect(messages(pc('high', 2), pc('high', 1))).toEqual(['value: Forbidden: may not be changed in an update.']);
  });
});

describe('EndpointSlice validation', () => {
  const slice = (body: Record<string, unknown>) =>
    applyDefaults({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 's', namespace: 'default' }, ...body });

  it('given ports without protocol, when defaulted, then they are TCP and unnamed', () => {
    expect(slice({ addressType: 'IPv4', ports: [{ port: 80 }] })).toMatchObject({ ports: [{ port: 80, protocol: 'TCP', name: '' }] });
  });

  it('given an unknown address type and a bad address, when validated, then both are reported', () => {
    expect(messages(slice({ addressType: 'IPX' }))).toEqual(['addressType: Unsupported value: "IPX": supported values: "FQDN", "IPv4", "IPv6"']);
    expect(messages(slice({ addressType: 'IPv4', endpoints: [{ addresses: ['::1'] }, { addresses: [] }] }))).toEqual([
      'endpoints[0].addresses[0]: Invalid value: "::1": must be a valid IPv4 address',
      'endpoints[1].addresses: Required value: must contain at least 1 address',
    ]);
  });
});

describe('Lease and Event validation', () => {
  it('given a non-positive lease duration, when validated, then it must be greater than 0', () => {
    const lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'l', namespace: 'kube-node-lease' }, spec: { leaseDurationSeconds: 0 } };
    expect(messages(lease)).toEqual(['spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0']);
  });

  it('given a core Event about an object in another namespace, when validated, then the namespaces must agree', () => {
    const event = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e.1', namespace: 'a' }, involvedObject: { kind: 'Pod', namespace: 'b', name: 'p' } };
    expect(messages(event)).toEqual(['involvedObject.namespace: Invalid value: "b": does not match event.namespace']);
  });

  it('given an events.k8s.io Event without reporting fields, when validated, then they are required', () => {
    const event = { apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'e.1', namespace: 'a' }, eventTime: '2024-01-01T00:00:00.000000Z', type: 'Normal' };
    expect(messages(event)).toEqual([
      'reportingController: Required value',
      "reportingController: Invalid value: \"\": name part must be non-empty",
      "reportingController: Invalid value: \"\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      'reportingInstance: Required value',
      'action: Required value',
      'reason: Required value',
    ]);
  });

  it('given a kind Kronicle does not serve, when validated, then nothing is said', () => {
    expect(validateCreate({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: {} })).toEqual([]);
  });
});

describe('RuntimeClass validation (node.k8s.io/v1)', () => {
  const runtimeClass = (extra: Record<string, unknown>) => applyDefaults({ apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'kata-fc' }, ...extra } as KubeObject);

  it('takes the docs’ classes, and refuses a handler that is not a DNS label or that changes', () => {
    expect(messages(runtimeClass({ handler: 'kata-fc', overhead: { podFixed: { memory: '120Mi', cpu: '250m' } } }))).toEqual([]);
    expect(messages(runtimeClass({ handler: 'Kata_FC' }))).toEqual([
      `handler: Invalid value: "Kata_FC": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    ]);
    expect(messages(runtimeClass({ handler: 'runsc' }), runtimeClass({ handler: 'kata-fc' }))).toEqual(['handler: Invalid value: "runsc": field is immutable']);
  });

  it('checks the overhead as quantities and the scheduling constraints as labels and tolerations, none twice', () => {
    expect(messages(runtimeClass({ handler: 'h', overhead: { podFixed: { cpu: '-1' } } }))).toEqual(['overhead.limits[cpu]: Invalid value: "-1": must be greater than or equal to 0']);
    const toleration = { key: 'sandbox', operator: 'Exists', effect: 'NoSchedule' };
    expect(messages(runtimeClass({ handler: 'h', scheduling: { nodeSelector: { 'bad key!': 'x' }, tolerations: [toleration, toleration] } }))).toEqual([
      expect.stringMatching(/^scheduling\.nodeSelector: Invalid value: "bad key!": name part must consist of/),
      'scheduling.tolerations[1]: Duplicate value: core.Toleration{Key:"sandbox", Operator:"Exists", Value:"", Effect:"NoSchedule", TolerationSeconds:(*int64)(nil)}',
    ]);
  });
});
