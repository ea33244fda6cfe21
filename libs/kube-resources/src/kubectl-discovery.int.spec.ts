import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiResourceList, negotiateDiscovery, openApiV3Document, openApiV3Root } from './index';

const KUBECTL = '/usr/lib/google-cloud-sdk/bin/kubectl.1.32';
const run = promisify(execFile);

// A throwaway API server: the discovery and OpenAPI of this library plus a fake create/get/patch that records requests.
const creates: Array<{ url: string; body: any }> = [];
const patches: Array<{ url: string; contentType?: string }> = [];
const stored = new Map<string, unknown>();
const requests: string[] = [];
function handle(req: IncomingMessage, res: ServerResponse, body: string): void {
  requests.push(`${req.method} ${req.url} ${req.headers.accept}`);
  const url = new URL(req.url!, 'http://x');
  const send = (status: number, value: unknown, contentType = 'application/json') => {
    res.writeHead(status, { 'Content-Type': contentType, Vary: 'Accept' }).end(JSON.stringify(value));
  };
  const parts = url.pathname.split('/').filter(Boolean);
  if (url.pathname === '/version') return send(200, { major: '1', minor: '32', gitVersion: 'v1.32.0', platform: 'linux/amd64' });
  if (url.pathname === '/api' || url.pathname === '/apis') {
    const answer = negotiateDiscovery(parts[0] as 'api' | 'apis', req.headers.accept, '127.0.0.1')!;
    return send(200, answer.body, answer.contentType);
  }
  if (url.pathname === '/openapi/v3') return send(200, openApiV3Root());
  if (parts[0] === 'openapi' && parts[1] === 'v3') return send(200, openApiV3Document(parts.slice(2).join('/')));
  const [group, version, rest] = parts[0] === 'api' ? ['', parts[1], parts.slice(2)] : [parts[1], parts[2], parts.slice(3)];
  if (rest.length === 0 && apiResourceList(group, version)) return send(200, apiResourceList(group, version));
  if (req.method === 'POST') {
    const object = JSON.parse(body);
    creates.push({ url: req.url!, body: object });
    const created = { ...object, metadata: { ...object.metadata, uid: 'u1', resourceVersion: '1' } };
    stored.set(`${url.pathname}/${object.metadata.name}`, created);
    return send(201, created);
  }
  if (req.method === 'GET' && stored.has(url.pathname)) return send(200, stored.get(url.pathname));
  if (req.method === 'PATCH') {
    patches.push({ url: req.url!, contentType: req.headers['content-type'] });
    return send(200, stored.get(url.pathname));
  }
  send(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: 'not found' });
}

let server: Server;
let kubeconfig: string;
let cacheDir: string;
const kubectl = (...args: string[]) => run(KUBECTL, ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args]);

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c)).on('end', () => handle(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const dir = mkdtempSync(join(tmpdir(), 'kube-resources-'));
  cacheDir = join(dir, 'cache');
  kubeconfig = join(dir, 'kubeconfig');
  const port = (server.address() as AddressInfo).port;
  writeFileSync(kubeconfig, `apiVersion: v1
kind: Config
clusters: [{name: k, cluster: {server: "http://127.0.0.1:${port}"}}]
users: [{name: u, user: {}}]
contexts: [{name: k, context: {cluster: k, user: u, namespace: default}}]
current-context: k
`);
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('real kubectl 1.32 against this discovery and OpenAPI', () => {
  it('applies a docs manifest with server-side field validation', async () => {
    const { stdout } = await kubectl('apply', '-f', join(__dirname, '../../../test/k8s-examples/nginx-deployment.yaml'));
    expect(stdout).toContain('deployment.apps/nginx-deployment created');
    expect(creates).toHaveLength(1);
    expect(creates[0].url).toMatch(/^\/apis\/apps\/v1\/namespaces\/default\/deployments\?.*fieldValidation=Strict/);
    expect(creates[0].body.metadata.annotations).toHaveProperty('kubectl.kubernetes.io/last-applied-configuration');
  });

  it('re-applies a changed manifest as a strategic merge patch, without OpenAPI v2', async () => {
    const changed = join(cacheDir, '..', 'changed.yaml');
    writeFileSync(changed, readFileSync(join(__dirname, '../../../test/k8s-examples/nginx-deployment.yaml'), 'utf8').replace('replicas: 3', 'replicas: 4'));
    const { stdout } = await kubectl('apply', '-f', changed);
    expect(stdout).toContain('deployment.apps/nginx-deployment configured');
    expect(patches).toEqual([
      expect.objectContaining({ contentType: 'application/strategic-merge-patch+json', url: expect.stringContaining('fieldValidation=Strict') }),
    ]);
    // kubectl 1.32 asks for /openapi/v2 to compute the patch; on 404 it falls back to its compiled-in types.
    expect(requests.filter((r) => r.includes('/openapi/v2'))).toEqual([expect.stringMatching(/^GET \/openapi\/v2/)]);
  });

  it('lists resources with their short names', async () => {
    const { stdout } = await kubectl('api-resources', '--no-headers');
    const rows = stdout.trim().split('\n').map((l) => l.split(/\s+/));
    expect(rows).toContainEqual(['deployments', 'deploy', 'apps/v1', 'true', 'Deployment']);
    expect(rows).toContainEqual(['persistentvolumeclaims', 'pvc', 'v1', 'true', 'PersistentVolumeClaim']);
    expect(rows).toContainEqual(['priorityclasses', 'pc', 'scheduling.k8s.io/v1', 'false', 'PriorityClass']);
  });

  it('explains a field from the served schemas', async () => {
    const { stdout } = await kubectl('explain', 'deployment.spec.strategy');
    expect(stdout).toContain('KIND:       Deployment');
    expect(stdout).toContain('FIELD: strategy <DeploymentStrategy>');
    expect(stdout).toContain('rollingUpdate');
  });
});
