import { runController, type Clock, type RunningController } from '@kronicle/controller-runtime';
import type { EventStore } from '@kronicle/event-store';
import type { Logger } from '@kronicle/service-kit';
import type { NatsConnection } from 'nats';
import { deploymentController } from './deployment/controller';
import { replicaSetController } from './replicaset/controller';

export interface DeploymentControllers {
  running: RunningController[];
  stop(): Promise<void>;
}

/** The ReplicaSet and Deployment controllers, each with its own cache and worker, as in kube-controller-manager. */
export async function startDeploymentControllers(options: { store: EventStore; nats: NatsConnection; cluster: string; clock: Clock; logger: Logger }): Promise<DeploymentControllers> {
  const running = await Promise.all([replicaSetController, deploymentController].map((controller) => runController(controller, options)));
  return { running, stop: async () => void (await Promise.all(running.map((c) => c.stop()))) };
}
