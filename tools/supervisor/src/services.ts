import { join } from 'node:path';

/** A service the supervisor runs: its entry point and the URL that says it is healthy. */
export interface ServiceSpec {
  name: string;
  entry: string;
  healthUrl?: string;
  env?: NodeJS.ProcessEnv;
}

/** Every service but the API serves health and metrics on a port of its own, set by an env variable. */
export const OPS_PORTS = [
  { name: 'relay', env: 'KRONICLE_RELAY_PORT', port: 8091, health: '/healthz' },
  { name: 'scheduler', env: 'KRONICLE_SCHEDULER_PORT', port: 8093, health: '/readyz' },
  { name: 'garbage-collector', env: 'KRONICLE_GC_PORT', port: 8094, health: '/readyz' },
  { name: 'deployment', env: 'KRONICLE_DEPLOYMENT_PORT', port: 8096, health: '/readyz' },
  { name: 'node-agent', env: 'KRONICLE_NODE_AGENT_PORT', port: 8097, health: '/readyz' },
  { name: 'node-lifecycle', env: 'KRONICLE_NODE_LIFECYCLE_PORT', port: 8098, health: '/readyz' },
  { name: 'storage', env: 'KRONICLE_STORAGE_PORT', port: 8105, health: '/readyz' },
  { name: 'network', env: 'KRONICLE_NETWORK_PORT', port: 8106, health: '/readyz' },
  { name: 'job', env: 'KRONICLE_JOB_PORT', port: 8107, health: '/readyz' },
  { name: 'cronjob', env: 'KRONICLE_CRONJOB_PORT', port: 8108, health: '/readyz' },
  { name: 'daemonset', env: 'KRONICLE_DAEMONSET_PORT', port: 8109, health: '/readyz' },
  { name: 'statefulset', env: 'KRONICLE_STATEFULSET_PORT', port: 8110, health: '/readyz' },
] as const;

/** The relay first (it feeds everyone), then the API, then the controllers. */
export function meshServices(repoRoot: string, apiUrl: string, env: NodeJS.ProcessEnv = process.env): ServiceSpec[] {
  const entry = (service: string) => join(repoRoot, 'services', service, 'dist', 'main.js');
  const withOps = OPS_PORTS.map(({ name, env: variable, port, health }) => {
    const value = env[variable] ?? String(port);
    return { name, entry: entry(name), env: { [variable]: value }, healthUrl: `http://127.0.0.1:${value}${health}` };
  });
  return [withOps[0], { name: 'api', entry: entry('api'), healthUrl: `${apiUrl}/readyz` }, ...withOps.slice(1)];
}
