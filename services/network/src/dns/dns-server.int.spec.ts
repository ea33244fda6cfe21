import { Resolver } from 'node:dns/promises';
import { execFileSync } from 'node:child_process';
import { silentLogger } from '@kronicle/messaging';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { networkCluster, pod, runPod, service, servicesResource } from '../testing/network-fixtures';
import { resolveClusterName } from './cluster-dns';
import { startDnsServer, type DnsServer } from './dns-server';

const cluster = networkCluster();
let server: DnsServer;
const resolver = new Resolver({ timeout: 2000, tries: 1 });

beforeAll(async () => {
  cluster.run([
    { kind: 'create', resource: servicesResource, object: service('web', { clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ports: [{ name: 'http', port: 80, targetPort: 'http' }] }) },
    { kind: 'create', resource: servicesResource, object: service('nginx', { clusterIP: 'None', selector: { app: 'nginx' }, ports: [{ name: 'web', port: 80, targetPort: 8080 }] }) },
    { kind: 'create', resource: servicesResource, object: { ...service('db'), spec: { type: 'ExternalName', externalName: 'db.example.com' } } },
  ]);
  cluster.run(runPod(cluster, pod('web-0', 'nginx', '10.244.1.10', { spec: { hostname: 'web-0', subdomain: 'nginx' } })));
  cluster.run(runPod(cluster, pod('web-1', 'nginx', '10.244.1.11', { spec: { hostname: 'web-1', subdomain: 'nginx' } })));
  cluster.run(runPod(cluster, pod('web-2', 'nginx', '10.244.1.12', { ready: false, spec: { hostname: 'web-2', subdomain: 'nginx' } })));
  server = await startDnsServer({ host: '127.0.0.1', port: 0, logger: silentLogger as never, resolve: (name, type) => resolveClusterName(name, type, cluster.state) });
  resolver.setServers([`127.0.0.1:${server.port}`]);
});

afterAll(async () => server?.close());

describe('cluster DNS through a real resolver', () => {
  it('answers a ClusterIP service with its address, and a headless service with its ready pods', async () => {
    // The resolver may reach a real server's answer only through the cluster's records; the cluster
    // IPs here never leave this machine.
    expect(await resolver.resolve4('web.default.svc.cluster.local')).toEqual(['10.96.0.10']);
    expect((await resolver.resolve4('nginx.default.svc.cluster.local')).sort()).toEqual(['10.244.1.10', '10.244.1.11']);
  });

  it('answers pods by hostname under their subdomain', async () => {
    expect(await resolver.resolve4('web-0.nginx.default.svc.cluster.local')).toEqual(['10.244.1.10']);
  });

  it('answers SRV for named ports: the service for ClusterIP, each pod for headless', async () => {
    expect(await resolver.resolveSrv('_http._tcp.web.default.svc.cluster.local')).toEqual([{ name: 'web.default.svc.cluster.local', port: 80, priority: 0, weight: 100 }]);
    const srv = await resolver.resolveSrv('_web._tcp.nginx.default.svc.cluster.local');
    expect(srv.map((r) => [r.name, r.port]).sort()).toEqual([['web-0.nginx.default.svc.cluster.local', 8080], ['web-1.nginx.default.svc.cluster.local', 8080]]);
  });

  it('answers an ExternalName service with a CNAME, and NXDOMAIN for names that do not exist', async () => {
    expect(await resolver.resolveCname('db.default.svc.cluster.local')).toEqual(['db.example.com']);
    await expect(resolver.resolve4('missing.default.svc.cluster.local')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(resolver.resolve4('web-2.nginx.default.svc.cluster.local')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(resolver.resolveSrv('_nope._tcp.web.default.svc.cluster.local')).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });

  it('answers over TCP too (dig +tcp)', () => {
    let out: string;
    try {
      out = execFileSync('dig', [`@127.0.0.1`, '-p', String(server.port), '+tcp', '+short', 'web.default.svc.cluster.local', 'A'], { encoding: 'utf8', timeout: 5000 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // no dig on this machine: UDP is covered above
      throw err;
    }
    expect(out.trim()).toBe('10.96.0.10');
  });
});
