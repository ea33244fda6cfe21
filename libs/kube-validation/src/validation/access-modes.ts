import { type FieldCause, forbidden, notSupported } from '../field-error';

const supported = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];

/** Shared by PersistentVolume and PersistentVolumeClaim. */
export function validateAccessModes(modes: string[], path: string): FieldCause[] {
  const causes = modes.filter((m) => !supported.includes(m)).map((m) => notSupported(path, m, supported));
  if (modes.includes('ReadWriteOncePod') && modes.some((m) => m !== 'ReadWriteOncePod'))
    causes.push(forbidden(path, 'may not use ReadWriteOncePod with other access modes'));
  return causes;
}

export const volumeModes = ['Block', 'Filesystem'];
