import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kronicle/contracts';
import { applyDefaults, fieldErrorString, validateCreate, validateUpdate } from '../index';

const podTemplate = (restartPolicy?: string, labels: Record<string, string> = { app: 'x' }) => ({
  metadata: { labels },
  spec: { containers: [{ name: 'c', image: 'busybox:1.36' }], ...(restartPolicy ? { restartPolicy } : {}) },
});
const messages = (object: KubeObject, old?: KubeObject) => (old ? validateUpdate(object, old) : validateCreate(object)).map(fieldErrorString);
const make = (apiVersion: string, kind: string, spec: Record<string, unknown>, name = 'x'): KubeObject =>
  applyDefaults({ apiVersion, kind, metadata: { name, namespace: 'default', uid: 'u-1' }, spec });

describe('ReplicaSet validation', () => {
  it('given an empty selector, when validated, then upstream\'s (deployment-worded) message appears', () => {
    expect(messages(make('apps/v1', 'ReplicaSet', { selector: {}, template: podTemplate() }))).toEqual([
      'spec.selector: Invalid value: &LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{},}: empty selector is invalid for deployment',
    ]);
  });

  it('given activeDeadlineSeconds in the template, when validated, then it is forbidden', () => {
    const template = podTemplate();
    (template.spec as Record<string, unknown>).activeDeadlineSeconds = 5;
    expect(messages(make('apps/v1', 'ReplicaSet', { selector: { matchLabels: { app: 'x' } }, template }))).toEqual([
      'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported',
    ]);
  });
});

describe('StatefulSet validation', () => {
  const sts = (spec: Record<string, unknown> = {}, name = 'web') =>
    make('apps/v1', 'StatefulSet', { selector: { matchLabels: { app: 'x' } }, serviceName: 'web', template: podTemplate(), ...spec }, name);

  it('given a name with dots, when validated, then StatefulSet names are DNS labels', () => {
    expect(messages(sts({}, 'web.v2'))).toEqual(['metadata.name: Invalid value: "web.v2": must not contain dots']);
  });

  it('given volume mounts naming claim templates, when validated, then the pod spec is not checked, as upstream', () => {
    const template = podTemplate();
    (template.spec.containers[0] as Record<string, unknown>).volumeMounts = [{ name: 'www', mountPath: '/data' }];
    expect(messages(sts({ template }))).toEqual([]);
  });

  it('given an unknown podManagementPolicy, when validated, then upstream\'s message appears', () => {
    expect(messages(sts({ podManagementPolicy: 'Fast' }))).toEqual([
      "spec.podManagementPolicy: Invalid value: \"Fast\": must be 'OrderedReady' or 'Parallel'",
    ]);
  });

  it('given a change to serviceName or selector, when updated, then the spec update is forbidden', () => {
    const forbidden =
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";
    expect(messages(sts({ serviceName: 'other' }), sts())).toEqual([forbidden]);
    expect(messages(sts({ replicas: 5, template: podTemplate(undefined, { app: 'x', v: '2' }) }), sts())).toEqual([]);
  });
});

describe('DaemonSet validation', () => {
  const ds = (spec: Record<string, unknown>) => make('apps/v1', 'DaemonSet', { selector: { matchLabels: { app: 'x' } }, template: podTemplate(), ...spec });

  it('given both maxSurge and maxUnavailable, when validated, then maxSurge may not be set', () => {
    expect(messages(ds({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 1 } } }))).toEqual([
      'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero',
    ]);
  });

  it('given both zero, when validated, then maxUnavailable is required', () => {
    expect(messages(ds({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } } }))).toEqual([
      'spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0',
    ]);
  });

  it('given defaults, then updateStrategy is RollingUpdate 1/0', () => {
    expect((ds({}).spec as Record<string, unknown>).updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
  });
});

describe('Job validation', () => {
  const job = (spec: Record<string, unknown> = {}, template = podTemplate('Never', {})) => make('batch/v1', 'Job', { template, ...spec }, 'pi');

  it('given a template without restartPolicy, when validated, then OnFailure or Never is required', () => {
    expect(messages(job({}, podTemplate(undefined, {})))).toEqual(['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']);
  });

  it('given negative counts, when validated, then each is reported', () => {
    expect(messages(job({ parallelism: -1, completions: -2, backoffLimit: -3 }))).toEqual([
      'spec.parallelism: Invalid value: -1: must be greater than or equal to 0',
      'spec.completions: Invalid value: -2: must be greater than or equal to 0',
      'spec.backoffLimit: Invalid value: -3: must be greater than or equal to 0',
    ]);
  });

  it('given a manual selector that does not match, when validated, then the labels do not match', () => {
    const causes = messages(job({ manualSelector: true, selector: { matchLabels: { a: 'b' } } }, podTemplate('Never', { a: 'c' })));
    expect(causes).toEqual(['spec.template.metadata.labels: Invalid value: map[string]string{"a":"c"}: `selector` does not match template `labels`']);
  });

  it('given a template label that contradicts the generated one, when validated, then it must be the job name', () => {
    const causes = messages(job({}, podTemplate('Never', { 'job-name': 'other' })));
    expect(causes).toEqual([
      'spec.template.metadata.labels[job-name]: Invalid value: map[string]string{"batch.kubernetes.io/controller-uid":"u-1", "batch.kubernetes.io/job-name":"pi", "controller-uid":"u-1", "job-name":"other"}: must be \'pi\'',
    ]);
  });

  it('given an unsupported pod replacement policy with a pod failure policy, when validated, then only Failed is supported', () => {
    const rules = [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [1] } }];
    expect(messages(job({ podFailurePolicy: { rules }, podReplacementPolicy: 'TerminatingOrFailed' }))).toEqual([
      'spec.podReplacementPolicy: Unsupported value: "TerminatingOrFailed": supported values: "Failed"',
    ]);
  });

  it('given a generated selector, when updated with another selector or template, then both are immutable', () => {
    const old = job();
    const next = structuredClone(old) as KubeObject & { spec: any };
    next.spec.template.spec.containers[0].image = 'busybox:2';
    expect(messages(next, old)).toEqual(['spec.template: Invalid value: core.PodTemplateSpec{...}: field is immutable']);
  });

  it('given a suspended job that never started, when its node selector changes, then the update is allowed', () => {
    const old = job({ suspend: true });
    const next = structuredClone(old) as KubeObject & { spec: any };
    next.spec.template.spec.nodeSelector = { zone: 'a' };
    expect(messages(next, old)).toEqual([]);
  });
});
