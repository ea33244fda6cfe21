import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { stringify } from 'yaml';

export interface KubeconfigInput {
  server: string;
  token: string;
  caCert?: string;
  cluster: string;
}

/** A kubeconfig for the admin user, as kubectl and the client libraries read it. */
export function kubeconfigYaml({ server, token, caCert, cluster }: KubeconfigInput): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: cluster, cluster: { server, ...(caCert ? { 'certificate-authority-data': Buffer.from(caCert).toString('base64') } : {}) } }],
    users: [{ name: `${cluster}-admin`, user: { token } }],
    contexts: [{ name: cluster, context: { cluster, user: `${cluster}-admin`, namespace: 'default' } }],
    'current-context': cluster,
    preferences: {},
  });
}

export function writeKubeconfig(path: string, input: KubeconfigInput): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, kubeconfigYaml(input), { mode: 0o600 });
}
