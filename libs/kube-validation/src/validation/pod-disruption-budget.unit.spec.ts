import { describe, expect, it } from 'vitest';
import { applyDefaults, fieldErrorString, validateCreate } from '../index';

const messages = (spec: Record<string, unknown>) =>
  validateCreate(applyDefaults({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'x', namespace: 'default' }, spec })).map(fieldErrorString);

describe('PodDisruptionBudget validation (upstream ValidatePodDisruptionBudgetSpec)', () => {
  it('given minAvailable or maxUnavailable as an integer or percentage, then there are no causes', () => {
    expect(messages({ minAvailable: 2, selector: { matchLabels: { app: 'web' } } })).toEqual([]);
    expect(messages({ maxUnavailable: '25%', selector: {}, unhealthyPodEvictionPolicy: 'AlwaysAllow' })).toEqual([]);
  });

  it('given both, negative, over 100% or an unknown policy, then each is reported', () => {
    expect(messages({ minAvailable: 1, maxUnavailable: '150%' })).toEqual([
      'spec: Invalid value: policy.PodDisruptionBudgetSpec: minAvailable and maxUnavailable cannot be both set',
      'spec.maxUnavailable: Invalid value: 150%: must not be greater than 100%',
    ]);
    expect(messages({ minAvailable: -1 })).toEqual(['spec.minAvailable: Invalid value: -1: must be greater than or equal to 0']);
    expect(messages({ minAvailable: 'x', unhealthyPodEvictionPolicy: 'Never' })).toEqual([
      'spec.minAvailable: Invalid value: x: a valid percent string must be a numeric string followed by an ending \'%\' (e.g. \'1%\',  or \'93%\', regex used for validation is \'[0-9]+%\')',
      'spec.unhealthyPodEvictionPolicy: Unsupported value: "Never": supported values: "AlwaysAllow", "IfHealthyBudget"',
    ]);
  });

  it('given a bad selector, then it is reported', () => {
    expect(messages({ minAvailable: 1, selector: { matchExpressions: [{ key: 'app', operator: 'In' }] } })).toEqual([
      "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    ]);
  });
});
