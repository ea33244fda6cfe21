import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repoRoot } from './mesh';

/**
 * Manifests from the Kubernetes documentation, copied unchanged into test/k8s-examples (their
 * README names the upstream paths), so the tests do not depend on where the repository is cloned.
 */
export const examplesDir = resolve(process.env.KRONICLE_EXAMPLES_DIR ?? join(repoRoot, 'test/k8s-examples'));

export function example(name: string): string {
  return join(examplesDir, name);
}

export function exampleText(name: string): string {
  return readFileSync(example(name), 'utf8');
}
