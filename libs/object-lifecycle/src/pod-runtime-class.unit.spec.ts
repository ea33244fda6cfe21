import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kronicle/contracts';
import { ApiError } from './api-error';
import { withRuntimeClass } from './pod-runtime-class';

const pod = (spec: object = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'i' }], ...spec } });
const kataFc: KubeObject = {
  apiVersion: 'node.k8s.io/v1',
  kind: 'RuntimeClass',
  metadata: { name: 'kata-fc' },
  handler: 'kata-fc',
  overhead: { podFixed: { memory: '120Mi', cpu: '250m' } },
  scheduling: { nodeSelector: { sandbox: 'kata' }, tolerations: [{ key: 'sandbox', operator: 'Exists', effect: 'NoSchedule' }] },
} as KubeObject;
const classes = (name: string) => (name === 'kata-fc' ? kataFc : undefined);
const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (err) {
    return (err as ApiError).status;
  }
  return undefined;
};

describe("the RuntimeClass admission of a pod's create", () => {
  it('leaves a pod without a runtimeClassName as it is', () => {
    expect(withRuntimeClass(pod(), classes)).toEqual(pod());
  });

  it("gives the pod its class's overhead and scheduling constraints", () => {
    const admitted = withRuntimeClass(pod({ runtimeClassName: 'kata-fc', nodeSelector: { disk: 'ssd' }, tolerations: [{ key: 'a', operator: 'Exists' }] }), classes);
    expect(admitted.spec).toMatchObject({
      overhead: { memory: '120Mi', cpu: '250m' },
      nodeSelector: { disk: 'ssd', sandbox: 'kata' },
      tolerations: [{ key: 'a', operator: 'Exists' }, { key: 'sandbox', operator: 'Exists', effect: 'NoSchedule' }],
    });
    // A toleration the pod already has in a wider form is not added twice.
    const wider = withRuntimeClass(pod({ runtimeClassName: 'kata-fc', tolerations: [{ key: 'sandbox', operator: 'Exists' }] }), classes);
    expect((wider.spec as { tolerations: object[] }).tolerations).toEqual([{ key: 'sandbox', operator: 'Exists' }]);
    // The same overhead in other units is no conflict.
    expect(withRuntimeClass(pod({ runtimeClassName: 'kata-fc', overhead: { cpu: '0.25', memory: '120Mi' } }), classes).spec).toMatchObject({ overhead: { cpu: '250m' } });
  });

  it("refuses a class that does not exist, another overhead or a conflicting node selector, in upstream's words (403)", () => {
    expect(refusal(() => withRuntimeClass(pod({ runtimeClassName: 'gvisor' }), classes))).toMatchObject({ code: 403, message: 'pods "p" is forbidden: pod rejected: RuntimeClass "gvisor" not found' });
    expect(refusal(() => withRuntimeClass(pod({ runtimeClassName: 'kata-fc', overhead: { cpu: '1' } }), classes))).toMatchObject({
      message: `pods "p" is forbidden: pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead`,
    });
    expect(refusal(() => withRuntimeClass(pod({ runtimeClassName: 'kata-fc', nodeSelector: { sandbox: 'gvisor' } }), classes))).toMatchObject({
      message: 'pods "p" is forbidden: conflict: runtimeClass.scheduling.nodeSelector[sandbox] = kata; pod.spec.nodeSelector[sandbox] = gvisor',
    });
  });
});
