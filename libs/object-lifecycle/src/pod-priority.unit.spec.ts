import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kronicle/contracts';
import { keepPodPriority, withPodPriority } from './pod-priority';
import { refusalOf } from './test-support';

const pod = (spec: object = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec } });
const priorityClass = (name: string, value: number, extra: object = {}): KubeObject => ({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value, ...extra });
const refusal = (admit: () => unknown) => {
  const { code, message } = refusalOf(admit);
  return `${code} ${message}`;
};

describe("the Priority admission plugin, on a pod's create", () => {
  it('without a class and without a global default: priority 0, PreemptLowerPriority', () => {
    expect(withPodPriority(pod(), [priorityClass('high', 1000)]).spec).toMatchObject({ priority: 0, preemptionPolicy: 'PreemptLowerPriority' });
    expect(withPodPriority(pod(), []).spec).not.toHaveProperty('priorityClassName');
  });

  it("the named class's value and preemption policy", () => {
    expect(withPodPriority(pod({ priorityClassName: 'batch' }), [priorityClass('batch', 50, { preemptionPolicy: 'Never' })]).spec).toMatchObject({ priorityClassName: 'batch', priority: 50, preemptionPolicy: 'Never' });
  });

  it('the global default class, the lowest of several, named in the pod', () => {
    const classes = [priorityClass('a', 20, { globalDefault: true, preemptionPolicy: 'PreemptLowerPriority' }), priorityClass('b', 10, { globalDefault: true, preemptionPolicy: 'PreemptLowerPriority' }), priorityClass('c', 5)];
    expect(withPodPriority(pod(), classes).spec).toMatchObject({ priorityClassName: 'b', priority: 10 });
  });

  it('refuses a class that does not exist, and a priority or policy other than its class gives, with 403', () => {
    expect(refusal(() => withPodPriority(pod({ priorityClassName: 'nope' }), []))).toBe('403 pods "web" is forbidden: no PriorityClass with name nope was found');
    expect(refusal(() => withPodPriority(pod({ priority: 5 }), []))).toBe(
      '403 pods "web" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name',
    );
    expect(refusal(() => withPodPriority(pod({ priorityClassName: 'batch', preemptionPolicy: 'PreemptLowerPriority' }), [priorityClass('batch', 50, { preemptionPolicy: 'Never' })]))).toBe(
      '403 pods "web" is forbidden: the string value of PreemptionPolicy (PreemptLowerPriority) must not be provided in pod spec; priority admission controller computed Never from the given PriorityClass name',
    );
    expect(withPodPriority(pod({ priority: 0, preemptionPolicy: 'PreemptLowerPriority' }), []).spec).toMatchObject({ priority: 0 });
  });

  it('an update that leaves them out keeps what the create set', () => {
    const created = withPodPriority(pod(), []);
    expect(keepPodPriority(pod(), created).spec).toMatchObject({ priority: 0, preemptionPolicy: 'PreemptLowerPriority' });
    expect(keepPodPriority(created, pod())).toBe(created);
  });
});
