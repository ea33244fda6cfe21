import { describe, expect, it } from 'vitest';
import { matchesLabels, parseLabelSelector } from './label-selector';
import { matchesFields, parseFieldSelector } from './field-selector';
import { ApiError } from '@kronicle/object-lifecycle';

describe('label selectors', () => {
  const web = { app: 'web', tier: 'frontend', env: 'prod' };
  it.each([
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['app=web,tier=frontend', true],
    ['env in (prod, staging)', true],
    ['env notin (prod)', false],
    ['canary', false],
    ['!canary', true],
    ['app', true],
    ['app in (web),!canary,tier!=db', true],
    ['', true],
  ])('%s matches the web pod: %s', (selector, expected) => {
    expect(matchesLabels(parseLabelSelector(selector), web)).toBe(expected);
  });

  it('treats a missing label as not equal', () => {
    expect(matchesLabels(parseLabelSelector('canary!=true'), web)).toBe(true);
    expect(matchesLabels(parseLabelSelector('canary notin (true)'), undefined)).toBe(true);
  });

  it('rejects nonsense with a 400', () => {
    expect(() => parseLabelSelector('app=web=x')).toThrow(ApiError);
    expect(() => parseLabelSelector('in (a)')).toThrow(/unable to parse requirement/);
  });
});

describe('field selectors', () => {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { nodeName: 'node-1' }, status: { phase: 'Running' } };
  it('matches the fields upstream indexes', () => {
    expect(matchesFields(parseFieldSelector('spec.nodeName=node-1,status.phase!=Pending', 'pods'), pod)).toBe(true);
    expect(matchesFields(parseFieldSelector('metadata.name==q', 'pods'), pod)).toBe(false);
  });

  it('refuses a field the resource does not support, as upstream does', () => {
    expect(() => parseFieldSelector('spec.nodeName=x', 'configmaps')).toThrow('field label not supported: spec.nodeName');
  });
});
