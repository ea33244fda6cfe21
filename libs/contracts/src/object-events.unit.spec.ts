import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { objectStreamId, parseObjectStreamId } from './object-events';

const segment = fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,20}$/);

describe('object stream ids', () => {
  it('name group, resource, namespace and name, and are read back to them', () => {
    fc.assert(
      fc.property(fc.option(segment.filter((g) => g !== 'core'), { nil: '' }), segment, fc.option(segment, { nil: undefined }), segment, (group, resource, namespace, name) => {
        const key = { group, resource, namespace, name };
        expect(parseObjectStreamId(objectStreamId(key))).toEqual(key);
      }),
    );
  });

  it('are told from the log\'s other streams', () => {
    for (const other of ['fence/binds/default', 'k8s/core/pods/default', 'k8s/core/pods/default/web/extra', 'x8s/core/pods/default/web', 'k8s']) {
      expect(parseObjectStreamId(other)).toBeUndefined();
    }
  });
});
