/** The locally built images (infra/images/build-images.sh); each can be overridden by environment. */
export interface KronicleImages {
  postgres: string;
  nats: string;
  service: string;
}

export function defaultImages(env: NodeJS.ProcessEnv = process.env): KronicleImages {
  return {
    postgres: env.KRONICLE_POSTGRES_IMAGE || 'kronicle/postgres:latest',
    nats: env.KRONICLE_NATS_IMAGE || 'kronicle/nats:latest',
    service: env.KRONICLE_SERVICE_IMAGE || 'kronicle/service:latest',
  };
}
