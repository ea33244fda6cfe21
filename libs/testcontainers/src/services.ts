/**
 * The Kronicle services the harness starts, each in its own container from the one service image
 * (`kronicle-service <name>`), with the URL inside the container that says it is ready. Adding a
 * service is one line here (and one in docker-compose.yml).
 */
export interface KronicleServiceDefinition {
  /** Folder under services/, the argument of `kronicle-service`. */
  name: string;
  /** Answers 200 inside the container once the service is ready. */
  healthUrl: string;
  /** Extra environment of this service. */
  env?: Record<string, string>;
  /**
   * Reads the CA the API generates at its start (`KRONICLE_ROOT_CA_FILE`): started after the API,
   * with that file copied in, as an installer hands kube-controller-manager its `--root-ca-file`.
   */
  readsRootCa?: boolean;
}

export const API_PORT = 6443;

export const kronicleServices: readonly KronicleServiceDefinition[] = [
  { name: 'relay', healthUrl: 'http://127.0.0.1:8091/healthz' },
  { name: 'api', healthUrl: `https://127.0.0.1:${API_PORT}/readyz`, env: { KRONICLE_API_PORT: String(API_PORT), KRONICLE_API_TLS: 'true' } },
  // Controllers: health on their default ports (tools/supervisor/src/services.ts, OPS_PORTS).
  { name: 'scheduler', healthUrl: 'http://127.0.0.1:8093/readyz' },
  { name: 'garbage-collector', healthUrl: 'http://127.0.0.1:8094/readyz', readsRootCa: true },
  { name: 'deployment', healthUrl: 'http://127.0.0.1:8096/readyz' },
  { name: 'node-agent', healthUrl: 'http://127.0.0.1:8097/readyz' },
  { name: 'node-lifecycle', healthUrl: 'http://127.0.0.1:8098/readyz' },
  { name: 'storage', healthUrl: 'http://127.0.0.1:8105/readyz' },
  { name: 'network', healthUrl: 'http://127.0.0.1:8106/readyz' },
  { name: 'job', healthUrl: 'http://127.0.0.1:8107/readyz' },
  { name: 'cronjob', healthUrl: 'http://127.0.0.1:8108/readyz' },
  { name: 'daemonset', healthUrl: 'http://127.0.0.1:8109/readyz' },
  { name: 'statefulset', healthUrl: 'http://127.0.0.1:8110/readyz' },
];
