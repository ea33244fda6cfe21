import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';

/** The repository root, from tools/bench/dist. */
export const repoRoot = resolve(__dirname, '../../..');

/** The part of test/support/mesh.ts's `Mesh` the benchmark uses (it lies outside this project's rootDir). */
export interface Mesh {
  home: string;
  apiUrl: string;
  token: string;
  databaseUrl: string;
  cluster: string;
  output(): string;
  destroy(): Promise<void>;
}

interface MeshModule {
  startMesh(extraEnv?: NodeJS.ProcessEnv): Promise<Mesh>;
}

/**
 * `startMesh()` of the end-to-end tests, so the benchmark starts Kronicle exactly as they do.
 * test/support is TypeScript that vitest runs from source and no build emits, so it is
 * transpiled here on load (CommonJS, types erased: nothing else about it changes).
 */
export function loadMeshSupport(): MeshModule {
  const extensions = require.extensions;
  extensions['.ts'] ??= (module, filename) => {
    const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2023, esModuleInterop: true },
    });
    (module as unknown as { _compile(code: string, filename: string): void })._compile(outputText, filename);
  };
  return require(resolve(repoRoot, 'test/support/mesh.ts')) as MeshModule;
}
