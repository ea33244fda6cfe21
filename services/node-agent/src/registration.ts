import { objectStreamId } from '@kronicle/contracts';
import type { RunningController } from '@kronicle/controller-runtime';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Resolves once every named node is registered (in the agent's cache, so in the log), or after
 * `timeoutMs` with the names still missing. The agent reports ready only then: "mesh is up" means
 * `kubectl get nodes` lists its nodes and a pod bound to one at once finds it.
 */
export async function awaitRegistration(agent: Pick<RunningController, 'state'>, names: string[], timeoutMs: number): Promise<string[]> {
  const missing = () => names.filter((name) => !agent.state.get(objectStreamId({ group: '', resource: 'nodes', name })));
  const deadline = Date.now() + timeoutMs;
  while (missing().length > 0 && Date.now() < deadline) await sleep(50);
  return missing();
}
