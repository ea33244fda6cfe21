import type { StoredObject } from '@kronicle/projection';
import { controllerOf } from './controller-ref';

/** Objects by the uid of their controller, and orphans (no controller) by namespace, per resource. */
export const BY_CONTROLLER = 'by-controller-uid';
export const ORPHANS = 'orphans-by-namespace';

export const indexes = {
  [BY_CONTROLLER]: (stored: StoredObject) => {
    const ref = controllerOf(stored.object);
    return ref ? [`${stored.resource}/${ref.uid}`] : [];
  },
  [ORPHANS]: (stored: StoredObject) => (controllerOf(stored.object) ? [] : [`${stored.resource}/${stored.object.metadata.namespace ?? ''}`]),
};
