import { applyDefaults } from '@kronicle/kube-validation';
import { describe, expect, it } from 'vitest';
import type { Deployment } from '../shared/objects';
import { nginxDeployment } from '../testing/fixtures';
import { equalIgnoreHash, templateHash } from './template-hash';

/** The template as the API stores it: defaulted, with upstream's `metadata.creationTimestamp: null`. */
const storedTemplate = () => (applyDefaults(nginxDeployment()) as Deployment).spec.template;

describe('templateHash: the pod-template-hash of a Deployment’s template', () => {
  it('given the stored nginx template, then its hash is the one it had before the API added creationTimestamp: null', () => {
    const template = storedTemplate();
    expect(template.metadata).toEqual({ creationTimestamp: null, labels: { app: 'nginx' } });
    // Computed on templates stored without creationTimestamp: ReplicaSets named then keep their names.
    expect(templateHash(template)).toBe('cf4cd4db7');
    const { creationTimestamp: _zero, ...metadata } = template.metadata!;
    expect(templateHash({ ...template, metadata })).toBe('cf4cd4db7');
  });

  it('given a ReplicaSet template stored without creationTimestamp, then it still equals the Deployment’s', () => {
    const template = storedTemplate();
    const older = { ...template, metadata: { labels: { app: 'nginx', 'pod-template-hash': 'cf4cd4db7' } } };
    expect(equalIgnoreHash(older, template)).toBe(true);
  });

  it('a collision count or a changed template gives another hash', () => {
    const template = storedTemplate();
    expect(templateHash(template, 1)).not.toBe('cf4cd4db7');
    expect(templateHash({ ...template, metadata: { ...template.metadata, labels: { app: 'web' } } })).not.toBe('cf4cd4db7');
  });
});
