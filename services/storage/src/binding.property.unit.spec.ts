import fc from 'fast-check';
import { compareQuantities } from '@kronicle/kube-validation';
import type { PersistentVolumeClaim } from '@kronicle/storage';
import { describe, expect, it } from 'vitest';
import { pvcs } from './resources';
import { claim, create, storageCluster, volume } from './testing/storage-fixtures';

const size = fc.constantFrom('1Gi', '2Gi', '5Gi');
const storageClass = fc.constantFrom('manual', 'standard', '');
const step = fc.oneof(
  fc.record({ op: fc.constant('volume' as const), size, storageClass }),
  fc.record({ op: fc.constant('claim' as const), size, storageClass }),
  fc.record({ op: fc.constant('delete' as const), index: fc.nat(20) }),
);

describe('binding invariants', () => {
  it('after any sequence of volumes and claims coming and going, no volume is bound to two claims and every binding fits', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 25 }), (steps) => {
        const cluster = storageCluster();
        const claimNames: string[] = [];
        steps.forEach((s, i) => {
          if (s.op === 'volume') cluster.act([create(volume(`pv-${i}`, s.size, { storageClassName: s.storageClass }))]);
          else if (s.op === 'claim') {
            claimNames.push(`claim-${i}`);
            cluster.act([create(claim(`claim-${i}`, s.size, { storageClassName: s.storageClass }))]);
          } else if (claimNames.length > 0) {
            cluster.act([{ kind: 'delete', resource: pvcs, namespace: 'default', name: claimNames[s.index % claimNames.length] }]);
          }
        });
        const claims = cluster.state.list({ group: '', resource: 'persistentvolumeclaims' }).map((x) => x.object as PersistentVolumeClaim);
        const volumeNames = claims.map((c) => c.spec.volumeName).filter(Boolean);
        expect(new Set(volumeNames).size).toBe(volumeNames.length);
        for (const c of claims.filter((c) => c.status?.phase === 'Bound')) {
          const v = cluster.volume(c.spec.volumeName!)!;
          expect(v.spec.claimRef?.uid).toBe(c.metadata.uid);
          expect(v.status?.phase).toBe('Bound');
          expect(compareQuantities(v.spec.capacity!.storage, c.spec.resources!.requests!.storage)).toBeGreaterThanOrEqual(0);
        }
        // Every claim of a class that provisions ends up bound.
        for (const c of claims.filter((c) => c.spec.storageClassName === 'standard')) expect(c.status?.phase).toBe('Bound');
      }),
      { numRuns: 60 },
    );
  });
});
