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
}

export const API_PORT = 6443;

export const kronicleServices: readonly KronicleServiceDefinition[] = [
  { name: 'relay', healthUrl: 'http://127.0.0.1:8091/healthz', env: { KRONICLE_RELAY_PORT: '8091' } },
  { name: 'api', healthUrl: `https://127.0.0.1:${API_PORT}/readyz`, env: { KRONICLE_API_PORT: String(API_PORT), KRONICLE_API_TLS: 'true' } },
];
