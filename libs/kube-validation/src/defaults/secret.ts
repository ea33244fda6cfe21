import type { Json } from '../validation/common';

/**
 * Upstream `SetDefaults_Secret`, plus v1's conversion: `stringData` is merged into `data`
 * (base64) and never stored.
 */
export function defaultSecret(secret: Json): void {
  secret.type ||= 'Opaque';
  if (!secret.stringData) return;
  secret.data = { ...secret.data };
  for (const [k, v] of Object.entries(secret.stringData)) secret.data[k] = Buffer.from(String(v), 'utf8').toString('base64');
  delete secret.stringData;
}
