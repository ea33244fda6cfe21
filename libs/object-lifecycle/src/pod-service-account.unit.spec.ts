import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kronicle/contracts';
import { withServiceAccount, withServiceAccountAlias } from './pod-service-account';
import { refusalOf } from './test-support';

const pod = (spec: object = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'team' }, spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec } });
const accounts = (...names: string[]) => (namespace: string, name: string) => namespace === 'team' && names.includes(name);

describe("the ServiceAccount admission plugin, on a pod's create", () => {
  it('a pod that names no account runs as default, in both fields, whether or not it exists yet', () => {
    expect(withServiceAccount(pod(), accounts()).spec).toMatchObject({ serviceAccountName: 'default', serviceAccount: 'default' });
  });

  it('the account the pod names, or the one its deprecated serviceAccount names', () => {
    expect(withServiceAccount(pod({ serviceAccountName: 'robot' }), accounts('robot')).spec).toMatchObject({ serviceAccountName: 'robot', serviceAccount: 'robot' });
    expect(withServiceAccount(pod({ serviceAccount: 'robot' }), accounts('robot')).spec).toMatchObject({ serviceAccountName: 'robot', serviceAccount: 'robot' });
  });

  it('refuses an account the namespace does not have, with 403', () => {
    const { code, message } = refusalOf(() => withServiceAccount(pod({ serviceAccountName: 'robot' }), accounts('other')));
    expect(`${code} ${message}`).toBe('403 pods "web" is forbidden: error looking up service account team/robot: serviceaccount "robot" not found');
  });

  it('on an update, a body that gives only one of the two names gives both; one that gives none is left as it is', () => {
    expect(withServiceAccountAlias(pod({ serviceAccountName: 'robot' })).spec).toMatchObject({ serviceAccountName: 'robot', serviceAccount: 'robot' });
    expect(withServiceAccountAlias(pod({ serviceAccount: 'robot' })).spec).toMatchObject({ serviceAccountName: 'robot', serviceAccount: 'robot' });
    expect(withServiceAccountAlias(pod()).spec).not.toHaveProperty('serviceAccountName');
  });
});
