import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repoRoot } from './mesh';

/** Manifests from the Kubernetes documentation, kept beside the repository in shared/. */
export const examplesDir = resolve(process.env.KRONICLE_EXAMPLES_DIR ?? join(repoRoot, '../shared/k8s-examples'));

export function example(name: string): string {
  return join(examplesDir, name);
}

export function exampleText(name: string): string {
  return readFileSync(example(name), 'utf8');
}
