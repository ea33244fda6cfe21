import { describe, expect, it } from 'vitest';
import { invalidMessage, invalidStatus } from './invalid-message';
import { invalid, required } from './field-error';
import { goStringMap } from './go-value';

describe('the 422 Status message', () => {
  it('given one cause, when rendered, then it is upstream\'s single-error message with the group suffix', () => {
    const causes = [invalid('spec.replicas', -1, 'must be greater than or equal to 0')];
    expect(invalidMessage('Deployment', 'apps', 'nginx', causes)).toBe(
      'Deployment.apps "nginx" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    );
  });

  it('given several causes on a core kind, when rendered, then they are bracketed and deduplicated without a group', () => {
    const causes = [required('spec.containers'), required('spec.containers'), required('metadata.name', 'name or generateName is required')];
    expect(invalidMessage('Pod', '', 'x', causes)).toBe(
      'Pod "x" is invalid: [spec.containers: Required value, metadata.name: Required value: name or generateName is required]',
    );
  });

  it('given a map value, when rendered, then it prints as Go does', () => {
    const cause = invalid('spec.template.metadata.labels', goStringMap({ app: 'nginx', tier: 'web' }), '`selector` does not match template `labels`');
    expect(cause.message).toBe('Invalid value: map[string]string{"app":"nginx", "tier":"web"}: `selector` does not match template `labels`');
  });

  it('given causes, when the Status is built, then it carries reason Invalid, code 422 and the causes', () => {
    const status = invalidStatus('Pod', '', 'x', [required('spec.containers')]);
    expect(status).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Invalid',
      code: 422,
      details: { name: 'x', kind: 'Pod', causes: [{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers' }] },
    });
    expect(status.details).not.toHaveProperty('group');
  });
});
