import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { apiResourceList, negotiateDiscovery } from '@kronicle/kube-resources';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeKubernetesProtobuf, isKubernetesProtobuf } from './index';
import { encodeKubernetesProtobuf } from './test-encode';

// The oracle is real kubectl 1.32: the protobuf body it POSTs for a typed command must decode to the JSON object it
// prints for the same command with `--dry-run=client -o json`.
const KUBECTL = '/usr/lib/google-cloud-sdk/bin/kubectl.1.32';
const run = promisify(execFile);

interface Recorded {
  method: string;
  url: string;
  contentType?: string;
  body: Buffer;
}
const recorded: Recorded[] = [];
const NODE = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', uid: 'n1-uid', resourceVersion: '1' }, spec: {}, status: {} };
const POD = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web-1',
    namespace: 'default',
    uid: 'pod-uid',
    resourceVersion: '2',
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'rs-uid', controller: true }],
  },
  spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'nginx' }] },
  status: { phase: 'Running' },
};
let evicted = false;
const RICH_CRONJOB = {
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'rich', namespace: 'default', uid: 'cj-uid', resourceVersion: '5', creationTimestamp: '2026-01-02T03:04:05Z' },
  spec: {
    schedule: '0 * * * *',
    startingDeadlineSeconds: 0,
    jobTemplate: {
      metadata: { labels: { team: 'a' }, annotations: { note: 'x' } },
      spec: {
        backoffLimit: 0,
        activeDeadlineSeconds: 600,
        ttlSecondsAfterFinished: 0,
        completions: 1,
        template: {
          metadata: { labels: { app: 'rich' } },
          spec: {
            restartPolicy: 'OnFailure',
            terminationGracePeriodSeconds: 0,
            securityContext: { runAsUser: 0, runAsNonRoot: false, fsGroup: 2000 },
            imagePullSecrets: [{ name: 'reg' }],
            tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }],
            affinity: {
              podAntiAffinity: {
                preferredDuringSchedulingIgnoredDuringExecution: [
                  { weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['rich'] }] } } },
                ],
              },
            },
            volumes: [
              { name: 'tmp', emptyDir: {} },
              { name: 'mem', emptyDir: { medium: 'Memory', sizeLimit: '1Gi' } },
              { name: 'cm', configMap: { name: 'c', defaultMode: 420, items: [{ key: 'a', path: 'a.txt' }] } },
              { name: 'sec', secret: { secretName: 's', optional: true } },
              { name: 'proj', projected: { sources: [{ secret: { name: 's', items: [{ key: 'p', path: 'p' }] } }, { serviceAccountToken: { path: 'token', expirationSeconds: 3600 } }] } },
            ],
            initContainers: [{ name: 'init', image: 'busybox', restartPolicy: 'Always', resources: {} }],
            containers: [
              {
                name: 'main',
                image: 'busybox',
                command: ['sh', '-c', 'sleep 1'],
                args: [''],
                env: [
                  { name: 'A', value: '1' },
                  { name: 'EMPTY' },
                  { name: 'S', valueFrom: { secretKeyRef: { name: 's', key: 'p', optional: false } } },
                  { name: 'F', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
                  { name: 'R', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1m' } } },
                ],
                envFrom: [{ configMapRef: { name: 'c' }, prefix: 'C_' }],
                ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
                resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '1' } },
                securityContext: {},
                livenessProbe: { httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' }, initialDelaySeconds: 3, periodSeconds: 10 },
                readinessProbe: { tcpSocket: { port: 8080 }, timeoutSeconds: 1 },
                lifecycle: { preStop: { sleep: { seconds: 5 } } },
                volumeMounts: [{ name: 'tmp', mountPath: '/tmp', readOnly: true }],
                imagePullPolicy: 'IfNotPresent',
                terminationMessagePolicy: 'File',
              },
              { name: 'side', image: 'busybox', resources: {}, stdin: true, tty: false },
            ],
          },
        },
      },
    },
  },
  status: {},
};
const stored = new Map<string, unknown>();

function handle(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  const url = new URL(req.url!, 'http://x');
  const send = (status: number, value: unknown, contentType = 'application/json'): void =>
    void res.writeHead(status, { 'Content-Type': contentType }).end(JSON.stringify(value));
  const notFound = () => send(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: 'not found' });
  const parts = url.pathname.split('/').filter(Boolean);
  if (url.pathname === '/version') return send(200, { major: '1', minor: '32', gitVersion: 'v1.32.0', platform: 'linux/amd64' });
  if (url.pathname === '/api' || url.pathname === '/apis') {
    const answer = negotiateDiscovery(parts[0] as 'api' | 'apis', req.headers.accept, '127.0.0.1')!;
    return send(200, answer.body, answer.contentType);
  }
  if (parts[0] !== 'api' && parts[0] !== 'apis') return notFound();
  const [group, version, rest] = parts[0] === 'api' ? ['', parts[1], parts.slice(2)] : [parts[1], parts[2], parts.slice(3)];
  if (rest.length === 0 && apiResourceList(group, version)) return send(200, apiResourceList(group, version));
  if (req.method === 'POST' || req.method === 'PUT' || req.method === 'PATCH') {
    recorded.push({ method: req.method, url: req.url!, contentType: req.headers['content-type'], body });
  }
  // Just enough of nodes and pods for `kubectl drain`.
  if (url.pathname === '/api/v1/nodes/n1') return send(200, NODE);
  if (url.pathname === '/api/v1/pods' && req.method === 'GET') {
    return send(200, { apiVersion: 'v1', kind: 'PodList', metadata: { resourceVersion: '3' }, items: evicted ? [] : [POD] });
  }
  if (url.pathname.endsWith('/pods/web-1/eviction') && req.method === 'POST') {
    evicted = true;
    return send(201, { apiVersion: 'v1', kind: 'Status', status: 'Success', code: 201 });
  }
  if (url.pathname === '/api/v1/namespaces/default/pods/web-1') return evicted ? notFound() : send(200, POD);
  if (req.method === 'POST') {
    const object: any = isKubernetesProtobuf(req.headers['content-type']) ? decodeKubernetesProtobuf(body) : JSON.parse(body.toString());
    const created = { ...object, metadata: { ...object.metadata, uid: 'u1', resourceVersion: '1' } };
    stored.set(`${url.pathname}/${object.metadata.name}`, created);
    return send(201, created);
  }
  if (req.method === 'GET' && stored.has(url.pathname)) return send(200, stored.get(url.pathname));
  return notFound();
}

let server: Server;
let kubeconfig: string;
let cacheDir: string;
const kubectl = (...args: string[]) => run(KUBECTL, ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args]);

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c)).on('end', () => {
      try {
        handle(req, res, Buffer.concat(chunks));
      } catch (err) {
        res.writeHead(500, { 'Content-Type': 'application/json' }).end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 500, message: String(err) }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const dir = mkdtempSync(join(tmpdir(), 'kube-protobuf-'));
  cacheDir = join(dir, 'cache');
  kubeconfig = join(dir, 'kubeconfig');
  const port = (server.address() as AddressInfo).port;
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
clusters: [{name: k, cluster: {server: "http://127.0.0.1:${port}"}}]
users: [{name: u, user: {}}]
contexts: [{name: k, context: {cluster: k, user: u, namespace: default}}]
current-context: k
`,
  );
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Runs the command for real and with `--dry-run=client -o json`; returns the POSTed body and the printed object. */
async function createBoth(args: string[]): Promise<{ sent: Recorded; printed: any }> {
  const dash = args.includes('--') ? args.indexOf('--') : args.length;
  const { stdout } = await kubectl(...args.slice(0, dash), '--dry-run=client', '-o', 'json', ...args.slice(dash));
  const printed = JSON.parse(stdout);
  const before = recorded.length;
  await kubectl(...args);
  const posts = recorded.slice(before).filter((r) => r.method === 'POST');
  expect(posts).toHaveLength(1);
  return { sent: posts[0], printed };
}

const BLOB = join(mkdtempSync(join(tmpdir(), 'kube-protobuf-blob-')), 'blob.bin');
writeFileSync(BLOB, Buffer.from([0, 1, 2, 0xff, 0xfe, 0x80, 0x6b, 0x38, 0x73, 0]));

const COMMANDS: Array<[string, string[]]> = [
  ['configmap', ['create', 'configmap', 'c', '--from-literal=a=1', '--from-literal=b=2']],
  ['configmap with binaryData', ['create', 'configmap', 'bin', `--from-file=blob=${BLOB}`, '--from-literal=x=y']],
  ['secret', ['create', 'secret', 'generic', 's', '--from-literal=p=x', '--from-literal=empty=']],
  ['tls-less docker-registry secret', ['create', 'secret', 'docker-registry', 'reg', '--docker-server=r.example', '--docker-username=u', '--docker-password=p']],
  ['namespace', ['create', 'namespace', 'n']],
  ['deployment', ['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=3', '--port=80']],
  ['deployment with 0 replicas', ['create', 'deployment', 'zero', '--image=nginx', '--replicas=0']],
  ['job', ['create', 'job', 'j', '--image=busybox', '--', 'echo', 'hi']],
  ['cronjob', ['create', 'cronjob', 'cj', '--image=busybox', '--schedule=*/5 * * * *', '--', 'echo', 'hi']],
  ['nodeport service', ['create', 'service', 'nodeport', 'ns', '--tcp=80:8080']],
  ['clusterip service', ['create', 'service', 'clusterip', 'cip', '--tcp=443:https', '--tcp=80']],
  ['headless service', ['create', 'service', 'clusterip', 'hl', '--clusterip=None']],
  ['externalname service', ['create', 'service', 'externalname', 'ext', '--external-name=example.com']],
  ['priorityclass', ['create', 'priorityclass', 'high', '--value=1000', '--description=important', '--preemption-policy=Never']],
  ['poddisruptionbudget', ['create', 'poddisruptionbudget', 'pdb', '--selector=app=web', '--min-available=50%']],
  ['serviceaccount', ['create', 'serviceaccount', 'sa']],
  ['quota', ['create', 'quota', 'q', '--hard=cpu=1,memory=1G,pods=2', '--scopes=BestEffort']],
];

describe('protobuf bodies of real kubectl 1.32 decode to the JSON object kubectl prints', () => {
  it.each(COMMANDS)('%s', async (_name, args) => {
    const { sent, printed } = await createBoth(args);
    expect(sent.contentType).toBe('application/vnd.kubernetes.protobuf');
    expect(decodeKubernetesProtobuf(sent.body)).toEqual(printed);
  });

  it('kubectl run sends JSON (it builds an unstructured object), not protobuf', async () => {
    const before = recorded.length;
    await kubectl('run', 'p', '--image=nginx', '--labels=a=b', '--port=80', '--env=X=1', '--restart=Never');
    expect(recorded.slice(before).map((r) => r.contentType)).toEqual(['application/json']);
  });

  it('create job --from=cronjob/rich copies a rich pod template, sent as protobuf', async () => {
    stored.set('/apis/batch/v1/namespaces/default/cronjobs/rich', RICH_CRONJOB);
    const { sent, printed } = await createBoth(['create', 'job', 'rich-manual', '--from=cronjob/rich']);
    expect(sent.contentType).toBe('application/vnd.kubernetes.protobuf');
    const decoded: any = decodeKubernetesProtobuf(sent.body);
    expect(decoded).toEqual(printed);
    const pod = decoded.spec.template.spec;
    expect(pod.containers[0].resources).toEqual({ requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '1' } });
    expect(pod.containers[1].resources).toEqual({});
    expect(pod.containers[0].securityContext).toEqual({});
    expect(pod.volumes).toEqual(RICH_CRONJOB.spec.jobTemplate.spec.template.spec.volumes);
    expect(pod.terminationGracePeriodSeconds).toBe(0);
    expect(pod.containers[0].livenessProbe).toEqual(RICH_CRONJOB.spec.jobTemplate.spec.template.spec.containers[0].livenessProbe);
    expect(decoded.spec.backoffLimit).toBe(0);
  });

  it('create job --from=cronjob/x (the cronjob created above)', async () => {
    const { sent, printed } = await createBoth(['create', 'job', 'manual', '--from=cronjob/cj']);
    const decoded: any = decodeKubernetesProtobuf(sent.body);
    expect(decoded).toEqual(printed);
    expect(decoded.metadata.ownerReferences).toEqual([
      { apiVersion: 'batch/v1', kind: 'CronJob', name: 'cj', uid: 'u1', controller: true },
    ]);
  });

  it('kubectl drain POSTs its policy/v1 Eviction as JSON; the same object encoded as protobuf decodes back to it', async () => {
    await kubectl('drain', 'n1', '--ignore-daemonsets', '--timeout=20s', '--grace-period=7');
    const eviction = recorded.find((r) => r.url.includes('/eviction'));
    expect(eviction?.contentType).toBe('application/json');
    const json = JSON.parse(eviction!.body.toString());
    expect(json).toEqual({
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: 'web-1', namespace: 'default', creationTimestamp: null },
      deleteOptions: { gracePeriodSeconds: 7 },
    });
    // The body a protobuf client would send (metadata as gogo-protobuf writes it: every non-pointer field).
    const body = encodeKubernetesProtobuf('policy/v1', 'Eviction', {
      metadata: { name: 'web-1', namespace: 'default', generateName: '', uid: '', resourceVersion: '', generation: 0, creationTimestamp: {} },
      deleteOptions: { gracePeriodSeconds: 7 },
    });
    expect(decodeKubernetesProtobuf(body)).toEqual(json);
  });
});
