import { afterAll, beforeAll, expect } from 'vitest';
import { kubectlFor, type Kubectl } from './kubectl';
import { startMesh, type Mesh } from './mesh';

export interface MeshSuite {
  mesh: Mesh;
  kubectl: Kubectl;
  /** kubectl that must succeed quietly: its stdout, the test failing on anything it prints to stderr. */
  run(...args: string[]): Promise<string>;
}

/**
 * A mesh of its own for the enclosing describe block (started before its tests, dropped after),
 * with kubectl against it. A small events stream: JetStream reserves its maximum size on a NATS
 * server shared with other tests.
 */
export function meshSuite(env: NodeJS.ProcessEnv = {}): MeshSuite {
  let mesh: Mesh | undefined;
  let kubectl: Kubectl | undefined;
  beforeAll(async () => {
    mesh = await startMesh({ KRONICLE_EVENTS_MAX_BYTES: String(64 * 1024 ** 2), ...env });
    kubectl = kubectlFor(mesh.kubeconfig);
  });
  afterAll(async () => mesh?.destroy());
  return {
    get mesh() {
      return mesh!;
    },
    get kubectl() {
      return kubectl!;
    },
    async run(...args) {
      const result = await kubectl!(args, { timeoutMs: 90_000 });
      expect(result.stderr, `kubectl ${args.join(' ')}`).toBe('');
      return result.stdout;
    },
  };
}
