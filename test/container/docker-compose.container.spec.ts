// The README's docker-compose instructions, run as written: `docker-compose up -d` on the repository's
// docker-compose.yml, then kubectl with the kubeconfig it leaves on the host. A project name, API
// port and home of its own keep it apart from a developer's running stack.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerAvailability } from '@kronicle/testcontainers';
import { example } from '../support/examples';
import { kubectlFor } from '../support/kubectl';
import { repoRoot } from '../support/mesh';
import { freePort } from '@kronicle/testing';

const compose = composeCommand();
const docker = await dockerAvailability();
const skipReason = !docker.available ? docker.reason : !compose ? 'neither docker-compose nor `docker compose` is installed (run infra/images/ensure-docker.sh)' : undefined;
if (skipReason) console.warn(`\n*** docker-compose tests SKIPPED: ${skipReason} ***\n`);

describe.skipIf(skipReason !== undefined)('docker-compose.yml brings up the whole mesh', () => {
  const project = `kronicle-test-${process.pid}`;
  const home = mkdtempSync(join(tmpdir(), 'kronicle-compose-'));
  let env: NodeJS.ProcessEnv;
  let kubectl: ReturnType<typeof kubectlFor>;
  const run = (...args: string[]) => {
    const [command, ...prefix] = compose!;
    const result = spawnSync(command, [...prefix, '-p', project, '-f', join(repoRoot, 'docker-compose.yml'), ...args], { env, encoding: 'utf8', timeout: 240_000 });
    return { code: result.status ?? -1, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
  };

  beforeAll(async () => {
    env = { ...process.env, KRONICLE_COMPOSE_API_PORT: String(await freePort()), KRONICLE_COMPOSE_HOME: home };
    const up = run('up', '-d');
    expect(up.code, up.output).toBe(0);
    kubectl = kubectlFor(join(home, 'kubeconfig'));
    // `up -d` returns once the dependencies are healthy and the services started; wait for every
    // health check and for the API to answer.
    const deadline = Date.now() + 120_000;
    while (!allHealthy() || !existsSync(join(home, 'kubeconfig')) || (await kubectl(['get', 'namespaces', '-o', 'name'])).code !== 0) {
      if (Date.now() > deadline) throw new Error(`the mesh was not healthy within 120s:\n${run('ps').output}\n${run('logs', '--tail=30').output}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }, 300_000);

  afterAll(() => {
    if (!env) return;
    const down = run('down', '-v', '--timeout', '5');
    rmSync(home, { recursive: true, force: true });
    if (down.code !== 0) throw new Error(`docker-compose down failed:\n${down.output}`);
  }, 120_000);

  const services = ['postgres', 'nats', 'api', 'relay', 'scheduler', 'garbage-collector', 'deployment', 'node-agent', 'node-lifecycle', 'storage', 'network', 'job', 'cronjob', 'daemonset', 'statefulset'];
  const allHealthy = () => {
    const ps = run('ps').output;
    return services.every((service) => new RegExp(`${project}[-_]${service}[-_]1\\s.*\\(healthy\\)`).test(ps));
  };

  it('runs every service in its own healthy container', () => {
    expect(allHealthy()).toBe(true);
  });

  it('serves kubectl from the host with the kubeconfig it wrote', async () => {
    const namespaces = await kubectl(['get', 'namespaces']);
    expect(namespaces.stdout).toMatch(/^default\s+Active/m);
    const applied = await kubectl(['apply', '-f', example('nginx-deployment.yaml')]);
    expect(applied).toMatchObject({ code: 0, stdout: 'deployment.apps/nginx-deployment created\n' });
    const replicas = await kubectl(['get', 'deployment', 'nginx-deployment', '-o', 'jsonpath={.spec.replicas}']);
    expect(replicas.stdout).toBe('3');
  });

  it('publishes the CA the API generated as kube-root-ca.crt (the garbage-collector reads it from the shared home)', async () => {
    const ca = readFileSync(join(home, 'pki', 'ca.crt'), 'utf8');
    const deadline = Date.now() + 30_000;
    let published = '';
    while (published !== ca && Date.now() < deadline) {
      published = (await kubectl(['get', 'configmap', 'kube-root-ca.crt', '-n', 'default', '-o', 'go-template={{index .data "ca.crt"}}'])).stdout;
      if (published !== ca) await new Promise((r) => setTimeout(r, 500));
    }
    expect(published).toBe(ca);
  });
});

/** docker-compose v1 (Debian's) or the Compose v2 plugin, whichever is installed. */
function composeCommand(): string[] | undefined {
  if (spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0) return ['docker-compose'];
  if (spawnSync('docker', ['compose', 'version'], { stdio: 'ignore' }).status === 0) return ['docker', 'compose'];
  return undefined;
}

