import { setTimeout as sleep } from 'node:timers/promises';
import { getContainerRuntimeClient } from 'testcontainers';
import type { StartedKronicle } from './kronicle-container';

/** What Docker says of one container. */
export interface ContainerState {
  running: boolean;
  paused: boolean;
  exitCode: number;
  /** Whether it is attached to the mesh's network. */
  connected: boolean;
  /** Whether the engine starts it again when it exits on its own (restart policy on-failure or always). */
  restartsOnFailure: boolean;
  /** How often the engine has restarted it by its policy. */
  restartCount: number;
}

/**
 * Faults for a Kronicle started with `startKronicle({ restartable: true })`, by container role
 * ('postgres', 'nats', a service's or instance's name): what a crash, a supervisor, a stalled
 * process and a partition do to a container, through the Docker engine (as `docker kill`,
 * `docker start`, `docker pause`, `docker network disconnect` would).
 */
export interface FaultInjector {
  /** SIGKILL, as a crash (`docker kill`): the container stops at once, without shutting down. */
  kill(role: string): Promise<void>;
  /** Starts a stopped container again, as a restart policy would, and waits until it is ready. */
  start(role: string, timeoutMs?: number): Promise<void>;
  /** `kill` then `start`. */
  restart(role: string, timeoutMs?: number): Promise<void>;
  /** Freezes every process of the container (`docker pause`): connections stay open, nothing answers. */
  pause(role: string): Promise<void>;
  unpause(role: string): Promise<void>;
  /** Cuts the container off the mesh's network (`docker network disconnect`): it keeps running alone. */
  disconnect(role: string): Promise<void>;
  /** Attaches it again under the same aliases. */
  reconnect(role: string): Promise<void>;
  state(role: string): Promise<ContainerState>;
  /** Waits until the container runs and answers as ready (`StartedKronicle.ready`). */
  waitHealthy(role: string, timeoutMs?: number): Promise<void>;
  /** Undoes every fault still in force: unpauses, reconnects and starts what is stopped. Safe in afterAll. */
  heal(timeoutMs?: number): Promise<void>;
}

export async function faultInjector(kronicle: StartedKronicle): Promise<FaultInjector> {
  const client = await getContainerRuntimeClient();
  const docker = client.container.dockerode;
  const network = docker.getNetwork(kronicle.network.getId());
  const containerOf = (role: string) => docker.getContainer(kronicle.container(role).getId());
  const roles = ['postgres', 'nats', ...Object.keys(kronicle.containers.services)];
  const needsRestartable = (role: string, what: string) => {
    // tmpfs data is gone after a stop, and a published port may move: the harness would lie afterwards.
    if (!kronicle.restartable) throw new Error(`cannot ${what} '${role}': start Kronicle with { restartable: true } for fault tests`);
  };

  const injector: FaultInjector = {
    async kill(role) {
      needsRestartable(role, 'kill');
      // A container exiting on its own as the kill comes (its process already a zombie, e.g. a service
      // leaving as Postgres is killed beside it) is refused by Docker: it is asked again until it has stopped.
      await until(
        async () => {
          try {
            await containerOf(role).kill({ signal: 'SIGKILL' });
          } catch (err) {
            if (!/is zombie|is not running/.test(String(err))) throw err;
          }
          return !(await injector.state(role)).running;
        },
        30_000,
        `${role} still running after SIGKILL`,
      );
    },
    async start(role, timeoutMs = 120_000) {
      needsRestartable(role, 'start');
      await containerOf(role).start();
      await injector.waitHealthy(role, timeoutMs);
    },
    async restart(role, timeoutMs) {
      await injector.kill(role);
      await injector.start(role, timeoutMs);
    },
    async pause(role) {
      // runc gives up ("unable to freeze") when the cgroup does not settle frozen in time, which a
      // busy host provokes; the freeze is what is asked for, so ask again a few times.
      for (let attempt = 1; ; attempt++) {
        try {
          await containerOf(role).pause();
          return;
        } catch (err) {
          if (attempt >= 5 || !/unable to freeze/.test(String(err))) throw err;
          await sleep(200 * attempt);
        }
      }
    },
    async unpause(role) {
      await containerOf(role).unpause();
    },
    async disconnect(role) {
      await network.disconnect({ Container: kronicle.container(role).getId(), Force: true });
    },
    async reconnect(role) {
      await network.connect({ Container: kronicle.container(role).getId(), EndpointConfig: { Aliases: kronicle.aliases(role) } });
    },
    async state(role) {
      const info = await containerOf(role).inspect();
      return {
        running: info.State.Running,
        paused: info.State.Paused,
        exitCode: info.State.ExitCode,
        connected: Object.values(info.NetworkSettings.Networks ?? {}).some((n) => n.NetworkID === kronicle.network.getId()),
        restartsOnFailure: ['on-failure', 'always', 'unless-stopped'].includes(info.HostConfig.RestartPolicy?.Name ?? ''),
        restartCount: info.RestartCount,
      };
    },
    async waitHealthy(role, timeoutMs = 120_000) {
      await until(
        async () => {
          const state = await injector.state(role);
          // Exited (e.g. Postgres was not up yet): its restart policy starts it again, else it failed.
          if (!state.running && !state.paused && !(state.restartsOnFailure && state.exitCode !== 0)) throw new Error(`${role} exited with status ${state.exitCode} while starting`);
          return state.running && !state.paused && (await kronicle.ready(role));
        },
        timeoutMs,
        `${role} was not ready within ${timeoutMs} ms`,
      );
    },
    async heal(timeoutMs = 120_000) {
      for (const role of roles) {
        const state = await injector.state(role);
        if (state.paused) await injector.unpause(role);
        if (!state.connected) await injector.reconnect(role);
        if (!state.running) await injector.start(role, timeoutMs);
      }
    },
  };
  return injector;
}

async function until(condition: () => Promise<boolean>, timeoutMs: number, message: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(message);
    await sleep(100);
  }
}
