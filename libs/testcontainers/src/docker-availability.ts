import { getContainerRuntimeClient, ImageName } from 'testcontainers';
import { defaultImages, type KronicleImages } from './images';

export type DockerAvailability = { available: true } | { available: false; reason: string };

/**
 * Whether Kronicle can be started in containers here: a Docker engine answers and the images are
 * built. Tests use it to skip (never pass) with the reason, e.g.
 *
 *   const docker = await dockerAvailability();
 *   describe.skipIf(!docker.available)('…', …)
 */
export async function dockerAvailability(images: KronicleImages = defaultImages()): Promise<DockerAvailability> {
  // The test runner sets these when ensure-docker.sh could not get an engine (or images) going.
  if (process.env.KRONICLE_CONTAINER_TESTS === 'skip') return { available: false, reason: process.env.KRONICLE_CONTAINER_TESTS_REASON || 'KRONICLE_CONTAINER_TESTS=skip' };
  // No reaper container: it would need an image from a registry.
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  let client: Awaited<ReturnType<typeof getContainerRuntimeClient>>;
  try {
    client = await withTimeout(getContainerRuntimeClient(), 15_000, 'no answer from the Docker engine within 15s');
  } catch (err) {
    return { available: false, reason: `no Docker engine: ${firstLine(err)} (run infra/images/ensure-docker.sh)` };
  }
  const missing: string[] = [];
  for (const image of Object.values(images)) {
    if (!(await client.image.exists(ImageName.fromString(image)))) missing.push(image);
  }
  if (missing.length > 0) return { available: false, reason: `images not built: ${missing.join(', ')} (run infra/images/build-images.sh)` };
  return { available: true };
}

function firstLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n')[0];
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))]).finally(() => clearTimeout(timer));
}
