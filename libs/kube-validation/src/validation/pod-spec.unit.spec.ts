import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kronicle/contracts';
import { applyDefaults, fieldErrorString, validateCreate, validatePodEphemeralContainersUpdate, validateUpdate } from '../index';

const pod = (spec: Record<string, unknown>): KubeObject =>
  applyDefaults({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec });
const container = (extra: Record<string, unknown> = {}) => ({ name: 'app', image: 'nginx', ...extra });
const messages = (object: KubeObject, old?: KubeObject) => (old ? validateUpdate(object, old) : validateCreate(object)).map(fieldErrorString);

describe('Pod defaults', () => {
  it('given a container without a tag, when defaulted, then it is pulled Always and requests default to limits', () => {
    const p = pod({ containers: [container({ resources: { limits: { cpu: '0.5', memory: '1024Mi' } } })] }).spec as Record<string, any>;
    expect(p.containers[0]).toMatchObject({
      imagePullPolicy: 'Always',
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      resources: { limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '500m', memory: '1Gi' } },
    });
    expect(p).toMatchObject({ enableServiceLinks: true, restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', terminationGracePeriodSeconds: 30, securityContext: {} });
  });

  it.each([
    ['nginx:latest', 'Always'],
    ['nginx', 'Always'],
    ['nginx:1.27', 'IfNotPresent'],
    ['registry:5000/nginx', 'Always'],
    ['nginx@sha256:abc', 'IfNotPresent'],
  ])('given image %s, when defaulted, then imagePullPolicy is %s', (image, policy) => {
    expect((pod({ containers: [container({ image })] }).spec as any).containers[0].imagePullPolicy).toBe(policy);
  });

  it('given volumes, when defaulted, then an empty source becomes emptyDir and modes are 0644', () => {
    const volumes = (pod({ containers: [container()], volumes: [{ name: 'a' }, { name: 's', secret: { secretName: 'x' } }] }).spec as any).volumes;
    expect(volumes).toEqual([{ name: 'a', emptyDir: {} }, { name: 's', secret: { secretName: 'x', defaultMode: 420 } }]);
  });
});

describe('PodSpec validation', () => {
  it('given no containers, when validated, then they are required', () => {
    expect(messages(pod({ containers: [] }))).toEqual(['spec.containers: Required value']);
  });

  it('given bad container names, duplicates and no image, when validated, then each is reported', () => {
    expect(messages(pod({ containers: [container({ name: 'App' }), { name: 'app' }, container()] }))).toEqual([
      "spec.containers[0].name: Invalid value: \"App\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      'spec.containers[1].image: Required value',
      'spec.containers[2].name: Duplicate value: "app"',
    ]);
  });

  it('given bad ports, when validated, then range, name and protocol are checked', () => {
    const ports = [{ containerPort: 70000, name: 'web-server-port-1', protocol: 'HTTP' }];
    expect(messages(pod({ containers: [container({ ports })] }))).toEqual([
      'spec.containers[0].ports[0].name: Invalid value: "web-server-port-1": must be no more than 15 characters',
      'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    ]);
  });

  it('given requests above limits, when validated, then the request must not exceed the limit', () => {
    const resources = { requests: { cpu: '2' }, limits: { cpu: '1' } };
    expect(messages(pod({ containers: [container({ resources })] }))).toEqual([
      'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
    ]);
  });

  it('given a negative or malformed quantity, when validated, then it is reported', () => {
    const resources = { requests: { memory: '-1Gi', cpu: 'lots' } };
    expect(validateCreate(pod({ containers: [container({ resources })] }))).toEqual([
      {
        reason: 'FieldValueTypeInvalid',
        field: 'spec.containers[0].resources.requests[cpu]',
        message: "Invalid value: \"lots\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
      },
      { reason: 'FieldValueInvalid', field: 'spec.containers[0].resources.requests[memory]', message: 'Invalid value: "-1Gi": must be greater than or equal to 0' },
    ]);
  });

  it('given mounts of unknown volumes and duplicate volumes, when validated, then both are reported', () => {
    const spec = { containers: [container({ volumeMounts: [{ name: 'missing', mountPath: '/x' }] })], volumes: [{ name: 'v', emptyDir: {} }, { name: 'v', emptyDir: {} }] };
    expect(messages(pod(spec))).toEqual(['spec.volumes[1].name: Duplicate value: "v"', 'spec.containers[0].volumeMounts[0].name: Not found: "missing"']);
  });

  it('given a volume with two sources, when validated, then the second is forbidden', () => {
    expect(messages(pod({ containers: [container()], volumes: [{ name: 'v', emptyDir: {}, hostPath: { path: '/x' } }] }))).toEqual([
      'spec.volumes[0].emptyDir: Forbidden: may not specify more than 1 volume type',
    ]);
  });

  it('given unsupported restart and DNS policies, when validated, then upstream lists the supported values', () => {
    expect(messages(pod({ containers: [container()], restartPolicy: 'Sometimes', dnsPolicy: 'Google' }))).toEqual([
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      'spec.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
    ]);
  });

  it('given tolerations, when validated, then operator, effect and value rules apply', () => {
    const tolerations = [{ operator: 'Equal', value: 'x' }, { key: 'k', operator: 'Exists', value: 'v' }, { key: 'k', effect: 'Sometimes' }];
    expect(messages(pod({ containers: [container()], tolerations }))).toEqual([
      'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
      'spec.tolerations[1].operator: Invalid value: core.Toleration{Key:"k", Operator:"Exists", Value:"v", Effect:"", TolerationSeconds:(*int64)(nil)}: value must be empty when `operator` is \'Exists\'',
      'spec.tolerations[2].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    ]);
  });
});

describe('Pod update', () => {
  const base = pod({ containers: [container()], tolerations: [{ key: 'a', operator: 'Exists' }] });

  it('given only a new image and an added toleration, when updated, then it is allowed', () => {
    const next = structuredClone(base) as KubeObject & { spec: any };
    next.spec.containers[0].image = 'nginx:2';
    next.spec.tolerations.push({ key: 'b', operator: 'Exists' });
    expect(messages(next, base)).toEqual([]);
  });

  it('given any other spec change, when updated, then it is forbidden with upstream\'s message', () => {
    const next = structuredClone(base) as KubeObject & { spec: any };
    next.spec.containers[0].ports = [{ containerPort: 80, protocol: 'TCP' }];
    expect(messages(next, base)).toEqual([
      'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
    ]);
  });
});

describe('Pod ephemeral containers (pods/ephemeralcontainers)', () => {
  const ephemeral = (list: Record<string, unknown>[]) => ({ containers: [container()], ephemeralContainers: list });
  const update = (next: KubeObject, old: KubeObject) => validatePodEphemeralContainersUpdate(next, old).map(fieldErrorString);

  it('given an ephemeral container as kubectl debug sends it, when validated, then it is accepted; a pod may not be created with one', () => {
    const before = pod({ containers: [container()] });
    expect(update(pod(ephemeral([{ name: 'debugger', image: 'busybox', resources: {}, targetContainerName: 'app' }])), before)).toEqual([]);
    expect(messages(pod(ephemeral([{ name: 'debugger', image: 'busybox' }])))).toEqual(['spec.ephemeralContainers: Forbidden: cannot be set on create']);
  });

  it('given a taken name, an unknown target, ports, probes or a subPath, when validated, then each is refused as upstream', () => {
    const before = pod({ containers: [container()], volumes: [{ name: 'data', emptyDir: {} }] });
    const next = pod({
      ...ephemeral([{ name: 'app', image: 'busybox', targetContainerName: 'nope', ports: [{ containerPort: 80 }], readinessProbe: { exec: { command: ['true'] } }, volumeMounts: [{ name: 'data', mountPath: '/d', subPath: 'x' }] }]),
      volumes: [{ name: 'data', emptyDir: {} }],
    });
    expect(update(next, before)).toEqual([
      'spec.ephemeralContainers[0].name: Duplicate value: "app"',
      'spec.ephemeralContainers[0].targetContainerName: Not found: "nope"',
      'spec.ephemeralContainers[0].ports: Forbidden: cannot be set for an Ephemeral Container',
      'spec.ephemeralContainers[0].readinessProbe: Forbidden: cannot be set for an Ephemeral Container',
      'spec.ephemeralContainers[0].volumeMounts[0].subPath: Forbidden: cannot be set for an Ephemeral Container',
    ]);
  });

  it('given an ephemeral container removed or changed, when validated, then it may not be', () => {
    const before = pod(ephemeral([{ name: 'debugger', image: 'busybox' }]));
    expect(update(pod(ephemeral([])), before)).toEqual(['spec.ephemeralContainers: Forbidden: existing ephemeral containers "debugger" may not be removed\n']);
    expect(update(pod(ephemeral([{ name: 'debugger', image: 'alpine' }])), before)).toEqual(['spec.ephemeralContainers: Forbidden: existing ephemeral containers "debugger" may not be changed\n']);
  });
});

describe('Pod update validation (upstream ValidatePodUpdate)', () => {
  const base = (spec: Record<string, unknown> = {}) => pod({ containers: [container({ image: 'nginx:1.27' })], ...spec });
  const toleration = { key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 };

  it('allows a new image, a deadline set or lowered, tolerations added or their seconds changed, gates removed', () => {
    expect(messages(base({ containers: [container({ image: 'nginx:1.28' })] }), base())).toEqual([]);
    expect(messages(base({ activeDeadlineSeconds: 30 }), base())).toEqual([]);
    expect(messages(base({ activeDeadlineSeconds: 20 }), base({ activeDeadlineSeconds: 30 }))).toEqual([]);
    expect(messages(base({ tolerations: [{ ...toleration, tolerationSeconds: 5 }, { key: 'x', operator: 'Exists' }] }), base({ tolerations: [toleration] }))).toEqual([]);
    expect(messages(base({ schedulingGates: [{ name: 'b' }] }), base({ schedulingGates: [{ name: 'a' }, { name: 'b' }] }))).toEqual([]);
  });

  it('refuses a raised or removed deadline with upstream’s messages', () => {
    expect(messages(base({ activeDeadlineSeconds: 60 }), base({ activeDeadlineSeconds: 30 }))).toEqual(['spec.activeDeadlineSeconds: Invalid value: 60: must be less than or equal to previous value']);
    expect(messages(base(), base({ activeDeadlineSeconds: 30 }))).toEqual(['spec.activeDeadlineSeconds: Invalid value: "null": must not update from a positive integer to nil value']);
    expect(messages(base({ activeDeadlineSeconds: 0 }), base({ activeDeadlineSeconds: 30 }))).toEqual(['spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive']);
  });

  it('refuses a changed toleration, an added gate, added or removed containers', () => {
    expect(messages(base({ tolerations: [{ ...toleration, key: 'other' }] }), base({ tolerations: [toleration] }))).toEqual([
      'spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds',
    ]);
    expect(messages(base({ schedulingGates: [{ name: 'a' }, { name: 'example.com/b' }] }), base({ schedulingGates: [{ name: 'a' }] }))).toEqual([
      "spec.schedulingGates[1].name: Forbidden: only deletion is allowed, but found new scheduling gate 'example.com/b'",
    ]);
    expect(messages(base({ containers: [container({ image: 'nginx:1.27' }), container({ name: 'two' })] }), base())).toEqual(['spec.containers: Forbidden: pod updates may not add or remove containers']);
  });

  it('lets a gated pod’s nodeSelector grow, and nothing else of its spec', () => {
    const gated = (spec: Record<string, unknown>) => base({ schedulingGates: [{ name: 'g' }], ...spec });
    expect(messages(gated({ nodeSelector: { a: 'b', c: 'd' } }), gated({ nodeSelector: { a: 'b' } }))).toEqual([]);
    expect(messages(gated({ nodeSelector: { a: 'z' } }), gated({ nodeSelector: { a: 'b' } }))).toEqual([
      'spec.nodeSelector: Invalid value: map[string]string{"a":"z"}: only additions to spec.nodeSelector are allowed (no mutations or deletions)',
    ]);
    expect(messages(base({ nodeSelector: { a: 'b' } }), base())).toEqual([expect.stringMatching(/^spec: Forbidden: pod updates may not change fields other than `spec.containers\[\*\].image`,/)]);
  });

  it('lets a gated pod’s required node affinity gain requirements, not terms, and nothing else of its spec', () => {
    const gated = (affinity?: object) => base({ schedulingGates: [{ name: 'g' }], ...(affinity ? { affinity } : {}) });
    const required = (...terms: object[][]) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms.map((matchExpressions) => ({ matchExpressions })) } } });
    const zone = { key: 'zone', operator: 'In', values: ['a'] };
    const disk = { key: 'disk', operator: 'In', values: ['ssd'] };
    expect(messages(gated(required([zone])), gated())).toEqual([]);
    expect(messages(gated(required([zone, disk])), gated(required([zone])))).toEqual([]);
    expect(messages(gated(required([disk])), gated(required([zone])))).toEqual([
      'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]: Invalid value: core.NodeSelectorTerm{...}: only additions are allowed (no mutations or deletions)',
    ]);
    expect(messages(gated(required([zone], [disk])), gated(required([zone])))).toEqual([
      'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: Invalid value: []core.NodeSelectorTerm{...}: no additions/deletions to non-empty NodeSelectorTerms list are allowed',
    ]);
    expect(messages(base({ affinity: required([zone]) }), base())).toEqual([expect.stringMatching(/^spec: Forbidden: pod updates may not change fields other than/)]);
  });

  it('validates gates as qualified names, none twice, and refuses a bound pod that has some', () => {
    expect(messages(base({ schedulingGates: [{ name: 'a' }, { name: 'a' }, { name: 'no spaces' }] }))).toEqual([
      'spec.schedulingGates[1]: Duplicate value: "a"',
      expect.stringMatching(/^spec\.schedulingGates\[2\]: Invalid value: "no spaces": name part must consist of alphanumeric characters/),
    ]);
    expect(messages(base({ schedulingGates: [{ name: 'a' }], nodeName: 'node-1' }))).toEqual(['spec.nodeName: Forbidden: cannot be set until all schedulingGates have been cleared']);
  });
});
