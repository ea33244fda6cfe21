import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/**
 * Measured work runs in child processes, as services do: a writer or a client in its own process
 * has its own event loop and CPU, like the real ones. Protocol: parent sends the task; the child
 * prepares (connects, builds its data) and says `ready`; on `go` it runs and answers `done`.
 */
type FromChild<T> = { type: 'ready' } | { type: 'done'; result: T } | { type: 'error'; message: string };

export interface ReadyChild<T> {
  /** Starts the measured work; resolves with what the child measured. */
  go(): Promise<T>;
  pid: number;
}

/** Forks `script` (a file of this folder) and resolves once it is ready to run `task`. */
export function startChild<T>(script: string, task: unknown): Promise<ReadyChild<T>> {
  // BENCH_CPU_PROF=<dir> profiles every measured process (open the .cpuprofile files in Chrome DevTools).
  const profileDir = process.env.BENCH_CPU_PROF;
  const execArgv = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
  const child = fork(join(__dirname, script), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
  const next = () => nextMessage<T>(child);
  child.send(task as object);
  return next().then((message) => {
    if (message.type !== 'ready') throw new Error(`${script}: expected ready, got ${message.type}`);
    return {
      pid: child.pid!,
      go: async () => {
        child.send({ type: 'go' });
        const done = await next();
        if (done.type !== 'done') throw new Error(`${script}: expected done, got ${done.type}`);
        return done.result;
      },
    };
  });
}

function nextMessage<T>(child: ChildProcess): Promise<FromChild<T>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: FromChild<T>) => {
      cleanup();
      if (message.type === 'error') reject(new Error(message.message));
      else resolve(message);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`child ${child.pid} exited with ${code} before answering`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** The child's side: `prepare` gets the task and returns the measured run; the process exits after. */
export function serveTask<TTask, TResult>(prepare: (task: TTask) => Promise<() => Promise<TResult>>): void {
  const send = (message: FromChild<TResult>) => new Promise<void>((resolve) => process.send!(message, () => resolve()));
  process.once('message', async (task: TTask) => {
    try {
      const run = await prepare(task);
      process.once('message', async () => {
        try {
          await send({ type: 'done', result: await run() });
          process.exit(0);
        } catch (error) {
          await send({ type: 'error', message: String((error as Error).stack ?? error) });
          process.exit(1);
        }
      });
      await send({ type: 'ready' });
    } catch (error) {
      await send({ type: 'error', message: String((error as Error).stack ?? error) });
      process.exit(1);
    }
  });
}
