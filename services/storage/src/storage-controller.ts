import type { KubeObject } from '@kronicle/contracts';
import type { Controller, ReconcileResult } from '@kronicle/controller-runtime';
import { changeMayHaveField, type ClusterState, type ObjectChange, type StoredObject } from '@kronicle/projection';
import { podClaimNames, type PersistentVolume, type PersistentVolumeClaim, type Pod } from '@kronicle/storage';
import { ensureDefaultStorageClass } from './default-storage-class';
import { protectClaim, protectVolume, PODS_BY_CLAIM, podsByClaim } from './protection';
import { provision } from './provision';
import { EVENTS_BY_OBJECT, eventsByObject } from './record-once';
import { syncClaim } from './sync-claim';
import { syncVolume } from './sync-volume';

/** Cache index: volumes by `<namespace>/<name>` of the claim their claimRef names. */
const VOLUMES_BY_CLAIM = 'volumes-by-claim';
const volumesByClaim = (stored: StoredObject): string[] => {
  if (stored.group !== '' || stored.resource !== 'persistentvolumes') return [];
  const ref = (stored.object as PersistentVolume).spec?.claimRef;
  return ref?.name ? [`${ref.namespace}/${ref.name}`] : [];
};
/** Cache index: claims not bound yet, which a new volume or class may now satisfy. */
const UNBOUND_CLAIMS = 'unbound-claims';
const unboundClaims = (stored: StoredObject): string[] =>
  stored.group === '' && stored.resource === 'persistentvolumeclaims' && !(stored.object as PersistentVolumeClaim).spec?.volumeName ? ['all'] : [];

/** What the controller's keys follow; changes of anything else are passed over unparsed. */
const WATCHED = new Set(['/persistentvolumeclaims', '/persistentvolumes', 'storage.k8s.io/storageclasses', '/pods']);

// Keys: `<loop>:<namespace>/<name>` for claims, `<loop>:<name>` for volumes.
const claimKeys = (ns: string | undefined, name: string | undefined) => ['claim', 'provision', 'pvc-protection'].map((loop) => `${loop}:${ns}/${name}`);
const volumeKeys = (name: string | undefined) => [`volume:${name}`, `pv-protection:${name}`];

/**
 * Storage as upstream runs it in kube-controller-manager (PV controller, pvc- and pv-protection)
 * plus a simulated external provisioner, as one controller over one cache: keys name the loop.
 */
export const storageController: Controller = {
  name: 'storage',
  indexes: { [EVENTS_BY_OBJECT]: eventsByObject, [PODS_BY_CLAIM]: podsByClaim, [VOLUMES_BY_CLAIM]: volumesByClaim, [UNBOUND_CLAIMS]: unboundClaims },
  // Only pods that mount a claim, as podClaimNames reads them (a pod's volumes never change).
  podsRead: { withFields: ['persistentVolumeClaim', 'ephemeral'], widenedBy: () => undefined },

  keysFor(change: ObjectChange, state: ClusterState): string[] {
    const kind = `${change.group}/${change.resource}`;
    if (!WATCHED.has(kind)) return [];
    // A pod that mounts no claim is not parsed (podClaimNames reads only these two kinds of volume).
    if (kind === '/pods' && !changeMayHaveField(change, 'persistentVolumeClaim') && !changeMayHaveField(change, 'ephemeral')) return [];
    const { object, previous } = change;
    const versions = [object, ...(previous ? [previous] : [])];
    const unbound = () => state.byIndex(UNBOUND_CLAIMS, 'all').flatMap((s) => claimKeys(s.object.metadata.namespace, s.object.metadata.name).slice(0, 1));
    switch (kind) {
      case '/persistentvolumeclaims':
        return [
          ...claimKeys(object.metadata.namespace, object.metadata.name),
          ...versions.flatMap((c) => ((c as PersistentVolumeClaim).spec?.volumeName ? [`volume:${(c as PersistentVolumeClaim).spec.volumeName}`] : [])),
          ...state.byIndex(VOLUMES_BY_CLAIM, `${object.metadata.namespace}/${object.metadata.name}`).map((s) => `volume:${s.object.metadata.name}`),
        ];
      case '/persistentvolumes': {
        const refs = versions.flatMap((v) => ((v as PersistentVolume).spec?.claimRef?.name ? [(v as PersistentVolume).spec.claimRef!] : []));
        // A volume that became Available may satisfy any waiting claim (upstream resyncs claims for this).
        const freed = (object as PersistentVolume).status?.phase === 'Available' || change.type === 'ADDED' ? unbound() : [];
        return [...volumeKeys(object.metadata.name), ...refs.map((r) => `claim:${r.namespace}/${r.name}`), ...freed];
      }
      case 'storage.k8s.io/storageclasses':
        return unbound();
      case '/pods':
        return versions.flatMap((p) => podClaimNames(p as Pod).map((c) => `pvc-protection:${p.metadata.namespace}/${c}`));
      default:
        return [];
    }
  },

  initialKeys(state: ClusterState): string[] {
    const name = (s: StoredObject): KubeObject['metadata'] => s.object.metadata;
    return [
      'default-storage-class',
      ...state.list({ group: '', resource: 'persistentvolumes' }).flatMap((s) => volumeKeys(name(s).name)),
      ...state.list({ group: '', resource: 'persistentvolumeclaims' }).flatMap((s) => claimKeys(name(s).namespace, name(s).name)),
    ];
  },

  reconcile(key: string, state: ClusterState, now: Date): ReconcileResult {
    const [loop, rest = ''] = key.split(/:(.*)/s);
    const [namespace, name] = rest.includes('/') ? rest.split('/') : ['', rest];
    switch (loop) {
      case 'default-storage-class':
        return ensureDefaultStorageClass(state);
      case 'claim':
        return syncClaim(namespace, name, state, now);
      case 'provision':
        return provision(namespace, name, state, now);
      case 'pvc-protection':
        return protectClaim(namespace, name, state);
      case 'volume':
        return syncVolume(name, state, now);
      case 'pv-protection':
        return protectVolume(name, state);
      default:
        return { writes: [] };
    }
  },
};
