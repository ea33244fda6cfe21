import { join } from 'node:path';

/** A service the supervisor runs: its entry point and the URL that says it is healthy. */
export interface ServiceSpec {
  name: string;
  entry: string;
  healthUrl?: string;
  env?: NodeJS.ProcessEnv;
}

export function meshServices(repoRoot: string, apiUrl: string): ServiceSpec[] {
  const entry = (service: string) => join(repoRoot, 'services', service, 'dist', 'main.js');
  return [
    { name: 'relay', entry: entry('relay'), env: { KRONICLE_RELAY_PORT: process.env.KRONICLE_RELAY_PORT ?? '8091' }, healthUrl: `http://127.0.0.1:${process.env.KRONICLE_RELAY_PORT ?? '8091'}/healthz` },
    { name: 'api', entry: entry('api'), healthUrl: `${apiUrl}/readyz` },
    { name: 'deployment', entry: entry('deployment'), env: { KRONICLE_DEPLOYMENT_PORT: process.env.KRONICLE_DEPLOYMENT_PORT ?? '8096' }, healthUrl: `http://127.0.0.1:${process.env.KRONICLE_DEPLOYMENT_PORT ?? '8096'}/readyz` },
    { name: 'scheduler', entry: entry('scheduler'), healthUrl: `http://127.0.0.1:${process.env.KRONICLE_SCHEDULER_PORT ?? '8093'}/readyz` },
    { name: 'node-agent', entry: entry('node-agent'), healthUrl: `http://127.0.0.1:${process.env.KRONICLE_NODE_AGENT_PORT ?? '8097'}/readyz` },
    { name: 'node-lifecycle', entry: entry('node-lifecycle'), healthUrl: `http://127.0.0.1:${process.env.KRONICLE_NODE_LIFECYCLE_PORT ?? '8098'}/readyz` },
    { name: 'deployment', entry: entry('deployment'), env: { KRONICLE_DEPLOYMENT_PORT: process.env.KRONICLE_DEPLOYMENT_PORT ?? '8096' }, healthUrl: `http://127.0.0.1:${process.env.KRONICLE_DEPLOYMENT_PORT ?? '8096'}/readyz` },
    { name: 'storage', entry: entry('storage'), healthUrl: `http://127.0.0.1:${process.env.KRONICLE_STORAGE_PORT ?? '8105'}/readyz` },
    { name: 'network', entry: entry('network'), healthUrl: `http://127.0.0.1:${process.env.KRONICLE_NETWORK_PORT ?? '8106'}/readyz` },
    { name: 'garbage-collector', entry: entry('garbage-collector'), env: { KRONICLE_GC_PORT: process.env.KRONICLE_GC_PORT ?? '8094' }, healthUrl: `http://127.0.0.1:${process.env.KRONICLE_GC_PORT ?? '8094'}/readyz` },
  ];
}
