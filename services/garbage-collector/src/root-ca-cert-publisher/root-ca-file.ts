import type { Logger } from '@kronicle/service-kit';
import { homeFromEnv } from '@kronicle/service-kit';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The CA to publish: `KRONICLE_ROOT_CA_FILE` (kube-controller-manager's `--root-ca-file`), else the
 * CA the API generates under KRONICLE_HOME when it serves TLS. Undefined when it serves plain HTTP:
 * there is no CA to publish then.
 */
export function rootCaFile(env: NodeJS.ProcessEnv): string | undefined {
  if (env.KRONICLE_ROOT_CA_FILE) return env.KRONICLE_ROOT_CA_FILE;
  return env.KRONICLE_API_TLS === 'false' ? undefined : join(homeFromEnv(env), 'pki', 'ca.crt');
}

/** The file's PEM, once it exists: the API writes its CA at its first start, which may come after this one's. */
export async function readRootCa(path: string, logger: Logger, pollMs = 500): Promise<string> {
  for (let waited = 0; ; waited += pollMs) {
    try {
      const pem = await readFile(path, 'utf8');
      if (pem.includes('-----END CERTIFICATE-----')) return pem;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (waited % 10_000 === 0) logger.info({ path }, 'waiting for the cluster CA to publish as kube-root-ca.crt');
    await sleep(pollMs);
  }
}
