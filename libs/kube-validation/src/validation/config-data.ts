import { type FieldCause, child, forbidden, invalid, key, required, tooLong } from '../field-error';
import { type Json, deepEqual, immutable, sortedKeys } from './common';
import { isConfigMapKey } from './names';

const MAX_SIZE = 1024 * 1024;
const IMMUTABLE = 'field is immutable when `immutable` is set';

function validateKeys(map: Json, path: string): FieldCause[] {
  return sortedKeys(map).flatMap((k) => isConfigMapKey(k).map((m) => invalid(key(path, k), k, m)));
}

const decodedSize = (base64: unknown) => Buffer.from(String(base64 ?? ''), 'base64').length;

/** Upstream `ValidateConfigMap`. */
export function validateConfigMap(cm: Json): FieldCause[] {
  const causes = validateKeys(cm.data, 'data');
  for (const k of sortedKeys(cm.data))
    if (cm.binaryData && k in cm.binaryData) causes.push(invalid(key('data', k), k, 'duplicate of key present in binaryData'));
  causes.push(...validateKeys(cm.binaryData, 'binaryData'));
  const size =
    sortedKeys(cm.data).reduce((n, k) => n + Buffer.byteLength(String(cm.data[k])), 0) +
    sortedKeys(cm.binaryData).reduce((n, k) => n + decodedSize(cm.binaryData[k]), 0);
  // The empty path means the whole object.
  if (size > MAX_SIZE) causes.push(tooLong('', MAX_SIZE));
  return causes;
}

/** Upstream `ValidateSecret`, with the keys each well-known type requires. */
export function validateSecret(secret: Json): FieldCause[] {
  const data = secret.data ?? {};
  const causes = validateKeys(data, 'data');
  if (sortedKeys(data).reduce((n, k) => n + decodedSize(data[k]), 0) > MAX_SIZE) causes.push(tooLong('data', MAX_SIZE));
  const need = (...keys: string[]) => keys.filter((k) => !(k in data)).forEach((k) => causes.push(required(key('data', k))));
  switch (secret.type) {
    case 'kubernetes.io/service-account-token':
      if (!secret.metadata?.annotations?.['kubernetes.io/service-account.name'])
        causes.push(required(key(child('metadata', 'annotations'), 'kubernetes.io/service-account.name')));
      break;
    case 'kubernetes.io/dockercfg':
      need('.dockercfg');
      break;
    case 'kubernetes.io/dockerconfigjson':
      need('.dockerconfigjson');
      break;
    case 'kubernetes.io/basic-auth':
      if (!('username' in data) && !('password' in data)) need('username', 'password');
      break;
    case 'kubernetes.io/ssh-auth':
      if (!data['ssh-privatekey']) causes.push(required(key('data', 'ssh-privatekey')));
      break;
    case 'kubernetes.io/tls':
      need('tls.crt', 'tls.key');
      break;
  }
  return causes;
}

/** Once `immutable` is true, it and the data stay as they are. */
function immutableData(obj: Json, old: Json, fields: string[]): FieldCause[] {
  if (old.immutable !== true) return [];
  const causes: FieldCause[] = [];
  if (obj.immutable !== true) causes.push(forbidden('immutable', IMMUTABLE));
  for (const f of fields) if (!deepEqual(obj[f], old[f])) causes.push(forbidden(f, IMMUTABLE));
  return causes;
}

export function validateConfigMapUpdate(cm: Json, old: Json): FieldCause[] {
  return [...immutableData(cm, old, ['data', 'binaryData']), ...validateConfigMap(cm)];
}

export function validateSecretUpdate(secret: Json, old: Json): FieldCause[] {
  return [
    ...validateSecret(secret),
    ...immutable(secret.type, old.type, 'type', secret.type),
    ...immutableData(secret, old, ['data']),
  ];
}
