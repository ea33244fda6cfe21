import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kronicle/contracts';
import { applyDefaults, invalidMessage, validateCreate, validateUpdate } from '../index';

function deployment(spec: Record<string, unknown> = {}, labels: Record<string, string> | undefined = { app: 'nginx' }): KubeObject {
  return applyDefaults({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'nginx', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'nginx' } },
      template: { metadata: { labels }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } },
      ...spec,
    },
  });
}

describe('Deployment validation', () => {
  it('given a valid deployment, when validated, then there are no causes', () => {
    expect(validateCreate(deployment())).toEqual([]);
  });

  it('given negative replicas, when validated, then upstream\'s message is produced', () => {
    const causes = validateCreate(deployment({ replicas: -1 }));
    expect(invalidMessage('Deployment', 'apps', 'nginx', causes)).toBe(
      'Deployment.apps "nginx" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    );
  });

  it('given template labels the selector does not match, when validated, then the labels are shown as a Go map', () => {
    expect(validateCreate(deployment({}, { app: 'web' }))).toEqual([
      {
        reason: 'FieldValueInvalid',
        field: 'spec.template.metadata.labels',
        message: 'Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
      },
    ]);
  });

  it('given no selector, when validated, then it is required and the labels do not match', () => {
    expect(validateCreate(deployment({ selector: undefined }))).toEqual([
      { reason: 'FieldValueRequired', field: 'spec.selector', message: 'Required value' },
      {
        reason: 'FieldValueInvalid',
        field: 'spec.template.metadata.labels',
        message: 'Invalid value: map[string]string{"app":"nginx"}: `selector` does not match template `labels`',
      },
    ]);
  });

  it('given an empty selector, when validated, then it is invalid for a deployment', () => {
    expect(validateCreate(deployment({ selector: {} }))).toEqual([
      {
        reason: 'FieldValueInvalid',
        field: 'spec.selector',
        message: 'Invalid value: &LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{},}: empty selector is invalid for deployment',
      },
    ]);
  });

  it('given maxSurge and maxUnavailable both 0, when validated, then maxUnavailable may not be 0', () => {
    const causes = validateCreate(deployment({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' } } }));
    expect(causes).toEqual([
      { reason: 'FieldValueInvalid', field: 'spec.strategy.rollingUpdate.maxUnavailable', message: 'Invalid value: 0%: may not be 0 when `maxSurge` is 0' },
    ]);
  });

  it('given maxUnavailable over 100% and a bad percent, when validated, then both are reported', () => {
    const causes = validateCreate(deployment({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 'x%', maxUnavailable: '150%' } } }));
    expect(causes.map((c) => `${c.field}: ${c.message}`)).toEqual([
      "spec.strategy.rollingUpdate.maxSurge: Invalid value: x%: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 150%: must not be greater than 100%',
    ]);
  });

  it('given Recreate with rollingUpdate, when validated, then rollingUpdate is forbidden', () => {
    const causes = validateCreate(deployment({ strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } } }));
    expect(causes).toEqual([
      { reason: 'FieldValueForbidden', field: 'spec.strategy.rollingUpdate', message: "Forbidden: may not be specified when strategy `type` is 'Recreate'" },
    ]);
  });

  it('given a template restartPolicy other than Always, when validated, then only Always is supported', () => {
    const d = deployment();
    (d.spec as any).template.spec.restartPolicy = 'Never';
    expect(validateCreate(d)).toEqual([
      { reason: 'FieldValueNotSupported', field: 'spec.template.spec.restartPolicy', message: 'Unsupported value: "Never": supported values: "Always"' },
    ]);
  });

  it('given progressDeadlineSeconds not above minReadySeconds, when validated, then it must be greater', () => {
    expect(validateCreate(deployment({ minReadySeconds: 600, progressDeadlineSeconds: 600 }))).toEqual([
      { reason: 'FieldValueInvalid', field: 'spec.progressDeadlineSeconds', message: 'Invalid value: 600: must be greater than minReadySeconds' },
    ]);
  });

  it('given a changed selector, when updated, then the selector is immutable', () => {
    const old = deployment();
    const next = deployment({ selector: { matchLabels: { app: 'nginx', tier: 'web' } } }, { app: 'nginx', tier: 'web' });
    expect(validateUpdate(next, old)).toEqual([
      {
        reason: 'FieldValueInvalid',
        field: 'spec.selector',
        message: 'Invalid value: &LabelSelector{MatchLabels:map[string]string{app: nginx,tier: web,},MatchExpressions:[]LabelSelectorRequirement{},}: field is immutable',
      },
    ]);
  });

  it('given a changed name or uid, when updated, then metadata identity is immutable', () => {
    const old = deployment();
    old.metadata.uid = 'a';
    const next = { ...deployment(), metadata: { ...old.metadata, uid: 'b' } };
    expect(validateUpdate(next, old)).toEqual([{ reason: 'FieldValueInvalid', field: 'metadata.uid', message: 'Invalid value: "b": field is immutable' }]);
  });
});
