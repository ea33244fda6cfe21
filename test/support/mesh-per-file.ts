import { afterAll, beforeAll } from 'vitest';
import { kubectlFor, type Kubectl } from './kubectl';
import { startMesh, type Mesh } from './mesh';

/** One mesh for the tests of a file: started before them, destroyed after, with kubectl pointed at it. */
export function meshPerFile(extraEnv: NodeJS.ProcessEnv = {}): { mesh(): Mesh; kubectl: Kubectl } {
  let mesh: Mesh | undefined;
  let kubectl: Kubectl | undefined;
  beforeAll(async () => {
    mesh = await startMesh(extraEnv);
    kubectl = kubectlFor(mesh.kubeconfig);
  });
  afterAll(async () => mesh?.destroy());
  return { mesh: () => mesh!, kubectl: (args, options) => kubectl!(args, options) };
}
