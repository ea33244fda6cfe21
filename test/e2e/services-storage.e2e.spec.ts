import { Resolver } from 'node:dns/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example } from '../support/examples';
import { kubectlFor } from '../support/kubectl';
import { startMesh, type Mesh } from '../support/mesh';
import { freePort } from '@kronicle/testing';


async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
}

const podYaml = (name: string, labels: string, extra = '') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels: {${labels}}
spec:
  nodeName: node-1
${extra}  containers:
  - name: c
    image: nginx
    ports: [{name: http, containerPort: 80}]
`;

describe('Services, EndpointSlices, DNS, volumes and claims through kubectl', () => {
  let mesh: Mesh;
  let kubectl: ReturnType<typeof kubectlFor>;
  let dnsPort: number;
  const get = (...args: string[]) => kubectl(['get', ...args]).then((r) => r.stdout);

  const saved = { ...process.env };
  beforeAll(async () => {
    dnsPort = await freePort();
    process.env.KRONICLE_DNS_PORT = String(dnsPort);
    process.env.KRONICLE_NETWORK_PORT = String(await freePort());
    process.env.KRONICLE_STORAGE_PORT = String(await freePort());
    process.env.KRONICLE_LB_POOL = '172.18.255.200-172.18.255.250';
    process.env.KRONICLE_API_ADVERTISE_ADDRESS = '198.51.100.10';
    mesh = await startMesh();
    kubectl = kubectlFor(mesh.kubeconfig);
  }, 180_000);
  afterAll(async () => {
    await mesh?.destroy();
    for (const name of ['KRONICLE_DNS_PORT', 'KRONICLE_NETWORK_PORT', 'KRONICLE_STORAGE_PORT', 'KRONICLE_LB_POOL', 'KRONICLE_API_ADVERTISE_ADDRESS']) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it("keeps the kubernetes Service's Endpoints and EndpointSlice on the API, as kube-apiserver does", async () => {
    const apiPort = new URL(mesh.apiUrl).port;
    expect(await get('endpoints', 'kubernetes')).toMatch(new RegExp(`^NAME\\s+ENDPOINTS\\s+AGE\\nkubernetes\\s+198\\.51\\.100\\.10:${apiPort}\\s`));
    expect(await get('endpointslices', '-l', 'kubernetes.io/service-name=kubernetes')).toMatch(new RegExp(`\\nkubernetes\\s+IPv4\\s+${apiPort}\\s+198\\.51\\.100\\.10\\s`));
    expect((await kubectl(['describe', 'service', 'kubernetes'])).stdout).toMatch(new RegExp(`Endpoints:\\s+198\\.51\\.100\\.10:${apiPort}\\n`));
    // Deleted or changed, they are put back.
    expect((await kubectl(['delete', 'endpointslice', 'kubernetes'])).code).toBe(0);
    expect((await kubectl(['patch', 'endpoints', 'kubernetes', '--type=merge', '-p', '{"subsets":[{"addresses":[{"ip":"10.1.1.1"}],"ports":[{"port":1,"protocol":"TCP"}]}]}'])).code).toBe(0);
    expect(await eventually(() => get('endpoints', 'kubernetes', '-o', 'jsonpath={.subsets[0].addresses[0].ip}:{.subsets[0].ports[0].port}'), (out) => out === `198.51.100.10:${apiPort}`)).toBe(`198.51.100.10:${apiPort}`);
    expect(await eventually(() => get('endpointslice', 'kubernetes', '-o', 'jsonpath={.endpoints[0].addresses[0]}', '--ignore-not-found'), (out) => out === '198.51.100.10')).toBe('198.51.100.10');
    // So is the Service itself, on its address, with its endpoints.
    const clusterIP = await get('service', 'kubernetes', '-o', 'jsonpath={.spec.clusterIP}');
    expect((await kubectl(['delete', 'service', 'kubernetes'])).code).toBe(0);
    expect(await eventually(() => get('service', 'kubernetes', '-o', 'jsonpath={.spec.clusterIP}', '--ignore-not-found'), (out) => out === clusterIP)).toBe(clusterIP);
    expect(await eventually(() => get('endpoints', 'kubernetes', '--ignore-not-found'), (out) => out.includes(`198.51.100.10:${apiPort}`))).toContain(`198.51.100.10:${apiPort}`);
  });

  it('gives the LoadBalancer Service from the docs an address from the pool', async () => {
    expect((await kubectl(['apply', '-f', example('frontend-service.yaml')])).code).toBe(0);
    const table = await eventually(() => get('svc', 'frontend'), (out) => out.includes('172.18.255.200'));
    expect(table).toMatch(/^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\nfrontend\s+LoadBalancer\s+\S+\s+172\.18\.255\.200\s+80:3\d{4}\/TCP/);
  });

  it('binds the PV + PVC example from the docs, with upstream columns', async () => {
    expect((await kubectl(['apply', '-f', example('pv-volume.yaml')])).code).toBe(0);
    expect((await kubectl(['apply', '-f', example('pv-claim.yaml')])).code).toBe(0);
    const claims = await eventually(() => get('pvc', 'task-pv-claim'), (out) => out.includes('Bound'));
    expect(claims).toMatch(/^NAME\s+STATUS\s+VOLUME\s+CAPACITY\s+ACCESS MODES\s+STORAGECLASS\s+VOLUMEATTRIBUTESCLASS\s+AGE\ntask-pv-claim\s+Bound\s+task-pv-volume\s+10Gi\s+RWO\s+manual\s+<unset>/);
    expect(await get('pv', 'task-pv-volume')).toMatch(/task-pv-volume\s+10Gi\s+RWO\s+Retain\s+Bound\s+default\/task-pv-claim\s+manual/);
    // Stamped by the API whenever the phase changes (PersistentVolumeLastPhaseTransitionTime, GA in 1.31).
    const pv = JSON.parse((await kubectl(['get', 'pv', 'task-pv-volume', '-o', 'json'])).stdout) as { metadata: { creationTimestamp: string }; status: { phase: string; lastPhaseTransitionTime?: string } };
    expect(pv.status.phase).toBe('Bound');
    expect(Date.parse(pv.status.lastPhaseTransitionTime ?? '')).toBeGreaterThanOrEqual(Date.parse(pv.metadata.creationTimestamp));

    // The docs' pod for this claim (pods/storage/pv-pod.yaml) runs.
    const volumes = '  volumes: [{name: task-pv-storage, persistentVolumeClaim: {claimName: task-pv-claim}}]\n';
    expect((await kubectl(['apply', '-f', '-'], { input: podYaml('task-pv-pod', 'app: task', volumes) })).code).toBe(0);
    expect((await kubectl(['wait', '--for=condition=Ready', 'pod/task-pv-pod', '--timeout=30s'], { timeoutMs: 40_000 })).code).toBe(0);
  });

  it('a pod whose claim does not exist yet waits (FailedScheduling as upstream words it) and runs once the claim is made', async () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'waits-for-claim' }, spec: { containers: [{ name: 'c', image: 'nginx' }], volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'later' } }] } };
    expect((await kubectl(['apply', '-f', '-'], { input: JSON.stringify(pod) })).code).toBe(0);
    const failed = await eventually(() => get('events', '--field-selector', 'involvedObject.name=waits-for-claim,reason=FailedScheduling'), (out) => out.includes('FailedScheduling'));
    expect(failed).toContain('0/3 nodes are available: persistentvolumeclaim "later" not found. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.');
    const claim = 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: later}\nspec:\n  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: 1Gi}}\n';
    expect((await kubectl(['apply', '-f', '-'], { input: claim })).code).toBe(0);
    expect(await eventually(() => get('pod', 'waits-for-claim', '-o', 'jsonpath={.status.phase}'), (phase) => phase === 'Running')).toBe('Running');
    expect((await kubectl(['delete', 'pod', 'waits-for-claim', '--force', '--grace-period=0'])).code).toBe(0);
    expect((await kubectl(['delete', 'pvc', 'later'])).code).toBe(0);
  });

  it('provisions a claim of the default class, and keeps it Terminating while a pod uses it', async () => {
    const claim = 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data}\nspec:\n  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: 1Gi}}\n';
    expect((await kubectl(['apply', '-f', '-'], { input: claim })).code).toBe(0);
    const bound = await eventually(() => get('pvc', 'data'), (out) => out.includes('Bound'));
    expect(bound).toMatch(/data\s+Bound\s+pvc-[0-9a-f-]+\s+1Gi\s+RWO\s+standard/);
    expect(await get('pv')).toMatch(/pvc-[0-9a-f-]+\s+1Gi\s+RWO\s+Delete\s+Bound\s+default\/data\s+standard/);
    expect(await get('storageclass')).toMatch(/standard \(default\)\s+kronicle\.dev\/simulated\s+Delete\s+Immediate\s+true/);

    const volumes = '  volumes: [{name: d, persistentVolumeClaim: {claimName: data}}]\n';
    expect((await kubectl(['apply', '-f', '-'], { input: podYaml('user', 'app: user', volumes) })).code).toBe(0);
    await eventually(() => get('pvc', 'data', '-o', 'jsonpath={.metadata.finalizers}'), (out) => out.includes('pvc-protection'));
    expect((await kubectl(['delete', 'pvc', 'data', '--wait=false'])).code).toBe(0);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await get('pvc', 'data')).toMatch(/data\s+Terminating/);
    expect((await kubectl(['delete', 'pod', 'user', '--force', '--grace-period=0'])).code).toBe(0);
    const gone = await eventually(() => kubectl(['get', 'pvc', 'data']), (r) => r.code !== 0);
    expect(gone.stderr).toContain('NotFound');
  });

  it('keeps EndpointSlices and DNS to the ready pods of a Deployment behind a Service, through scale-up and scale-down', async () => {
    // As the documentation's walkthrough does first: the example's pods mount this Secret and ConfigMap.
    expect((await kubectl(['create', 'secret', 'generic', 'nginxsecret', '--from-literal=tls.crt=cert', '--from-literal=tls.key=key'])).code).toBe(0);
    expect((await kubectl(['create', 'configmap', 'nginxconfigmap', '--from-literal=default.conf=server {}'])).code).toBe(0);
    expect((await kubectl(['apply', '-f', example('nginx-secure-app.yaml')])).code).toBe(0);
    const podIPs = async () => (await get('pods', '-l', 'run=my-nginx', '--field-selector=status.phase=Running', '-o', 'jsonpath={.items[*].status.podIP}')).split(' ').filter(Boolean).sort();
    const sliceIPs = async () => ((await get('endpointslices', '-l', 'kubernetes.io/service-name=my-nginx', '-o', 'jsonpath={.items[*].endpoints[?(@.conditions.ready==true)].addresses[0]}')).split(' ').filter(Boolean).sort());
    const follows = async (replicas: number) => {
      const ips = await eventually(podIPs, (found) => found.length === replicas, 30_000);
      await eventually(sliceIPs, (found) => found.join() === ips.join(), 30_000);
      return ips;
    };

    const [first] = await follows(1);
    const slices = await get('endpointslices', '-l', 'kubernetes.io/service-name=my-nginx');
    expect(slices).toMatch(new RegExp(`^NAME\\s+ADDRESSTYPE\\s+PORTS\\s+ENDPOINTS\\s+AGE\\nmy-nginx-\\w+\\s+IPv4\\s+80,443\\s+${first.replace(/\./g, '\\.')}\\s`));
    const described = (await kubectl(['describe', 'svc', 'my-nginx'])).stdout;
    expect(described).toMatch(/Type:\s+NodePort/);
    expect(described).toMatch(new RegExp(`Endpoints:\\s+${first}:80\\s`));
    expect(described).toMatch(new RegExp(`Endpoints:\\s+${first}:443\\s`));

    const resolver = new Resolver({ timeout: 2000, tries: 2 });
    resolver.setServers([`127.0.0.1:${dnsPort}`]);
    const clusterIP = (await get('svc', 'my-nginx', '-o', 'jsonpath={.spec.clusterIP}')).trim();
    expect(await resolver.resolve4('my-nginx.default.svc.cluster.local')).toEqual([clusterIP]);
    expect(await resolver.resolveSrv('_https._tcp.my-nginx.default.svc.cluster.local')).toEqual([{ name: 'my-nginx.default.svc.cluster.local', port: 443, priority: 0, weight: 100 }]);
    await expect(resolver.resolve4('nope.default.svc.cluster.local')).rejects.toMatchObject({ code: 'ENOTFOUND' });

    expect((await kubectl(['scale', 'deployment', 'my-nginx', '--replicas=3'])).code).toBe(0);
    expect(await follows(3)).toHaveLength(3);
    expect((await kubectl(['set', 'image', 'deployment/my-nginx', 'nginxhttps=nginx:1.27'])).code).toBe(0);
    expect((await kubectl(['rollout', 'status', 'deployment/my-nginx', '--timeout=60s'], { timeoutMs: 70_000 })).code).toBe(0);
    expect(await follows(3)).toHaveLength(3);
    expect((await kubectl(['scale', 'deployment', 'my-nginx', '--replicas=1'])).code).toBe(0);
    expect(await follows(1)).toHaveLength(1);

    const exposed = await kubectl(['expose', 'deployment', 'my-nginx', '--name=exposed', '--port=80', '--target-port=80']);
    expect(exposed.stdout).toBe('service/exposed exposed\n');
    const [pod] = await podIPs();
    await eventually(() => get('endpointslices', '-l', 'kubernetes.io/service-name=exposed'), (out) => out.includes(pod));
  }, 180_000);
});
