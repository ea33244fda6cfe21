import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kronicle/contracts';
import { profiles } from './behaviour';
import { containerConfigError, unmountableVolumes, type ReferenceLookup } from './missing-references';
import { nextWrite, type NodeContext } from './next-step';
import { statusOf, type PodSpec } from './pod-status';

const t0 = Date.parse('2026-01-01T00:00:00Z');
const at = (seconds: number) => new Date(t0 + seconds * 1000);

/** A namespace holding ConfigMap `app` (keys `mode`, binary `blob`) and Secret `creds` (key `password`). */
const present: ReferenceLookup = {
  configMap: (name) => (name === 'app' ? { data: { mode: 'fast' }, binaryData: { blob: 'AA==' } } : undefined),
  secret: (name) => (name === 'creds' ? { data: { password: 'cGFzcw==' } } : undefined),
};
const specWith = (spec: object) => spec as PodSpec;

describe("the kubelet's view of what a pod refers to", () => {
  it('cannot set up a configMap or secret volume whose object or item key is missing, in upstream words', () => {
    const spec = specWith({
      volumes: [
        { name: 'config', configMap: { name: 'app', items: [{ key: 'mode', path: 'm' }, { key: 'blob', path: 'b' }] } },
        { name: 'missing-config', configMap: { name: 'other' } },
        { name: 'missing-key', configMap: { name: 'app', items: [{ key: 'absent', path: 'a' }] } },
        { name: 'optional', configMap: { name: 'other', optional: true } },
        { name: 'secret', secret: { secretName: 'creds' } },
        { name: 'missing-secret', secret: { secretName: 'tls' } },
        { name: 'missing-secret-key', secret: { secretName: 'creds', items: [{ key: 'user', path: 'u' }] } },
        { name: 'projected', projected: { sources: [{ configMap: { name: 'other' } }, { secret: { name: 'tls' } }, { serviceAccountToken: { path: 'token' } }] } },
        { name: 'projected-one', projected: { sources: [{ configMap: { name: 'app' } }, { secret: { name: 'tls' } }] } },
        { name: 'scratch', emptyDir: {} },
      ],
    });
    expect(unmountableVolumes(spec, present)).toEqual([
      { volume: 'missing-config', message: 'configmap "other" not found' },
      { volume: 'missing-key', message: 'configmap references non-existent config key: absent' },
      { volume: 'missing-secret', message: 'secret "tls" not found' },
      { volume: 'missing-secret-key', message: 'references non-existent secret key: user' },
      { volume: 'projected', message: '[configmap "other" not found, secret "tls" not found]' },
      { volume: 'projected-one', message: 'secret "tls" not found' },
    ]);
  });

  it("cannot configure a container whose environment names what is missing: envFrom first, then env, the first failure wins", () => {
    const container = (env: object[], envFrom: object[] = []) => ({ name: 'c', image: 'nginx', env, envFrom });
    const check = (env: object[], envFrom: object[] = []) => containerConfigError(container(env, envFrom), 'default', present);
    expect(check([{ name: 'MODE', valueFrom: { configMapKeyRef: { name: 'app', key: 'mode' } } }, { name: 'P', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } }])).toBeUndefined();
    expect(check([{ name: 'X', valueFrom: { configMapKeyRef: { name: 'other', key: 'mode' } } }])).toBe('configmap "other" not found');
    expect(check([{ name: 'X', valueFrom: { configMapKeyRef: { name: 'app', key: 'nope' } } }])).toBe("couldn't find key nope in ConfigMap default/app");
    // Binary data is for volumes only.
    expect(check([{ name: 'X', valueFrom: { configMapKeyRef: { name: 'app', key: 'blob' } } }])).toBe("couldn't find key blob in ConfigMap default/app");
    expect(check([{ name: 'X', valueFrom: { secretKeyRef: { name: 'creds', key: 'user' } } }])).toBe("couldn't find key user in Secret default/creds");
    expect(check([{ name: 'X', valueFrom: { secretKeyRef: { name: 'tls', key: 'crt' } } }])).toBe('secret "tls" not found');
    expect(check([{ name: 'X', valueFrom: { secretKeyRef: { name: 'tls', key: 'crt', optional: true } } }, { name: 'Y', valueFrom: { configMapKeyRef: { name: 'app', key: 'nope', optional: true } } }])).toBeUndefined();
    expect(check([{ name: 'X', valueFrom: { secretKeyRef: { name: 'tls', key: 'crt' } } }], [{ configMapRef: { name: 'other' } }])).toBe('configmap "other" not found');
    expect(check([], [{ secretRef: { name: 'tls' } }])).toBe('secret "tls" not found');
    expect(check([], [{ secretRef: { name: 'tls', optional: true } }])).toBeUndefined();
  });
});

/**
 * Drives a pod through `nextWrite` as a node agent would: applies status steps, records the Events
 * (counting repeats, as the recorder does), follows waits; `references` may change with the time.
 */
function drive(start: KubeObject, until: number, references: (second: number) => ReferenceLookup) {
  let current = start;
  let now = 0;
  const events: string[] = [];
  const reported = new Map<string, { count: number; at: string }>();
  for (let i = 0; i < 100 && now <= until; i++) {
    const second = now;
    const kubelet: NodeContext = {
      name: 'node-1',
      internalIP: '192.168.0.1',
      allocatePodIp: () => '10.244.1.2',
      stoppingReported: () => false,
      admit: () => undefined,
      references: () => references(second),
      lastReported: (_pod, reason) => reported.get(reason),
    };
    const step = nextWrite(current, at(now), kubelet, profiles.general);
    if (step.kind === 'none' || step.kind === 'delete') break;
    if (step.kind !== 'wait') {
      for (const e of step.events) {
        events.push(`${now}s ${e.reason}${e.fieldPath ? ` ${e.fieldPath}` : ''}: ${e.message}`);
        reported.set(e.reason, { count: (reported.get(e.reason)?.count ?? 0) + 1, at: at(now).toISOString() });
      }
    }
    if (step.kind === 'status') current = { ...current, status: step.status };
    else now += step.ms / 1000;
  }
  return { events, pod: current };
}

const podWith = (spec: object): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default', uid: 'u' },
  spec: { nodeName: 'node-1', restartPolicy: 'Always', containers: [{ name: 'web', image: 'nginx' }], ...spec },
  status: { phase: 'Pending', qosClass: 'BestEffort' },
});
const nothing: ReferenceLookup = { configMap: () => undefined, secret: () => undefined };
const conditions = (pod: KubeObject) => (statusOf(pod).conditions ?? []).map((c) => `${c.type}=${c.status}`);

describe('a pod whose ConfigMap or Secret is missing, on its node', () => {
  it('stays ContainerCreating without an address while a volume cannot be set up, retrying with back-off, and starts once it can', () => {
    const pod = podWith({ volumes: [{ name: 'config', configMap: { name: 'app' } }] });

    const waiting = drive(pod, 20, () => nothing);
    expect(statusOf(waiting.pod)).toMatchObject({ phase: 'Pending', hostIP: '192.168.0.1', containerStatuses: [{ state: { waiting: { reason: 'ContainerCreating' } } }] });
    expect(statusOf(waiting.pod).podIP).toBeUndefined();
    expect(conditions(waiting.pod)).toContain('PodReadyToStartContainers=False');
    // Doubling gaps, as upstream's volume manager retries (0.5 s first: here the simulated ContainerCreating's 1 s comes first).
    expect(waiting.events.map((e) => e.split(' ')[0])).toEqual(['0s', '1s', '2s', '4s', '8s', '16s']);
    expect(waiting.events[0]).toBe('0s FailedMount: MountVolume.SetUp failed for volume "config" : configmap "app" not found');

    const started = drive(pod, 20, (second) => (second < 5 ? nothing : present));
    expect(statusOf(started.pod)).toMatchObject({ phase: 'Running', podIP: '10.244.1.2', containerStatuses: [{ state: { running: {} } }] });
    expect(conditions(started.pod)).toContain('PodReadyToStartContainers=True');
    expect(started.events.filter((e) => e.includes('FailedMount'))).toHaveLength(4);
  });

  it('shows CreateContainerConfigError while its environment names what is missing, tries again every 10 s, and runs once it is there', () => {
    const pod = podWith({ containers: [{ name: 'web', image: 'nginx', env: [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } }] }] });

    const failing = drive(pod, 25, () => nothing);
    expect(statusOf(failing.pod)).toMatchObject({
      phase: 'Pending',
      podIP: '10.244.1.2',
      containerStatuses: [{ ready: false, state: { waiting: { reason: 'CreateContainerConfigError', message: 'secret "creds" not found' } } }],
    });
    expect(failing.events.filter((e) => e.includes('Failed'))).toEqual([
      '1s Failed spec.containers{web}: Error: secret "creds" not found',
      '11s Failed spec.containers{web}: Error: secret "creds" not found',
      '21s Failed spec.containers{web}: Error: secret "creds" not found',
    ]);

    const running = drive(pod, 25, (second) => (second < 15 ? nothing : present));
    expect(statusOf(running.pod)).toMatchObject({ phase: 'Running', containerStatuses: [{ state: { running: {} } }] });
  });

  it('sets up its volumes first: once they are, the pod has its sandbox and address, and only then fails on its environment', () => {
    const pod = podWith({
      volumes: [{ name: 'config', configMap: { name: 'app' } }],
      containers: [{ name: 'web', image: 'nginx', env: [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'tls', key: 'key' } } }] }],
    });
    const { pod: failing, events } = drive(pod, 10, (second) => (second < 3 ? nothing : present));
    expect(events.map((e) => e.split(':')[0])).toEqual(['0s FailedMount', '1s FailedMount', '2s FailedMount', '4s Failed spec.containers{web}']);
    expect(statusOf(failing)).toMatchObject({ podIP: '10.244.1.2', containerStatuses: [{ state: { waiting: { reason: 'CreateContainerConfigError', message: 'secret "tls" not found' } } }] });
    expect(conditions(failing)).toContain('PodReadyToStartContainers=True');
  });

  it('a container that exited waits in CreateContainerConfigError to restart while its Secret is gone, and counts the restart once it runs', () => {
    const pod: KubeObject = {
      ...podWith({ containers: [{ name: 'web', image: 'nginx', env: [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } }] }] }),
      metadata: { name: 'web', namespace: 'default', uid: 'u', annotations: { 'kronicle.dev/run-seconds': '2', 'kronicle.dev/exit-code': '1' } },
    };
    // The Secret is there for the first start and restart, gone for the restart after the back-off, back at 20 s.
    const references = (second: number) => (second < 5 || second >= 20 ? present : nothing);
    const waiting = drive(pod, 15, references);
    const [held] = statusOf(waiting.pod).containerStatuses!;
    expect(held).toMatchObject({ state: { waiting: { reason: 'CreateContainerConfigError', message: 'secret "creds" not found' } }, lastState: { terminated: { exitCode: 1 } } });
    expect(waiting.events.at(-1)).toBe('15s Failed spec.containers{web}: Error: secret "creds" not found');
    // Tried again 10 s after its failure, at 25 s.
    const restarted = drive(pod, 26, references);
    expect(statusOf(restarted.pod).containerStatuses).toMatchObject([{ restartCount: held.restartCount + 1, state: { running: {} }, lastState: { terminated: { exitCode: 1 } } }]);
  });

  it('holds an init container whose environment names what is missing, and the pod with it', () => {
    const pod = podWith({ initContainers: [{ name: 'migrate', image: 'busybox', envFrom: [{ configMapRef: { name: 'app' } }] }] });

    const failing = drive(pod, 5, () => nothing);
    expect(statusOf(failing.pod)).toMatchObject({
      phase: 'Pending',
      initContainerStatuses: [{ state: { waiting: { reason: 'CreateContainerConfigError', message: 'configmap "app" not found' } } }],
      containerStatuses: [{ state: { waiting: { reason: 'PodInitializing' } } }],
    });
    expect(failing.events).toContain('1s Failed spec.initContainers{migrate}: Error: configmap "app" not found');
  });
});
