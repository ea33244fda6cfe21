import type { RecordedEvent } from '@kronicle/contracts';
import { subscribeToLog } from '@kronicle/messaging';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogFixture, deploymentEvent, natsUrl, streamPositions, type LogFixture } from '@kronicle/log-fixture';

const root = resolve(__dirname, '../../..');
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

interface RelayProcess {
  child: ChildProcess;
  /** Port of its health endpoint, once it has started. */
  port: Promise<number>;
}

/** Runs services/relay/src/main.ts as its own process, as the supervisor would (from source, via vite-node). */
function startRelayProcess(f: LogFixture): RelayProcess {
  const child = spawn(process.execPath, [resolve(root, 'node_modules/vite-node/vite-node.mjs'), '-c', 'vitest.config.mts', 'services/relay/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      KRONICLE_DATABASE_URL: f.db.url,
      KRONICLE_NATS_URL: natsUrl,
      KRONICLE_CLUSTER: f.names.cluster,
      KRONICLE_RELAY_PORT: '0',
      KRONICLE_RELAY_PAGE_SIZE: '25',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  cleanup.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  });
  const port = new Promise<number>((resolvePort, reject) => {
    child.once('exit', () => reject(new Error('relay exited before it started')));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const entry = JSON.parse(line) as { msg: string; port?: number };
      if (entry.msg === 'relay started, waiting for leadership') resolvePort(entry.port!);
    });
  });
  port.catch(() => undefined);
  return { child, port };
}

async function until(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('relay process', () => {
  it('delivers every event exactly once to an idempotent consumer when killed mid-stream and restarted', async () => {
    const f = await createLogFixture();
    cleanup.push(() => f.dispose());

    // Given a consumer whose effect is applied only for positions beyond the last one applied
    const applied = new Map<number, number>();
    let appliedThrough = 0;
    const sub = await subscribeToLog({
      store: f.store,
      nats: f.nats,
      cluster: f.names.cluster,
      consumerName: 'effects',
      fromPosition: 0,
      handle: async (events: RecordedEvent[]) => {
        for (const e of events.filter((e) => e.position > appliedThrough)) applied.set(e.position, (applied.get(e.position) ?? 0) + 1);
        appliedThrough = events[events.length - 1].position;
      },
    });
    cleanup.push(() => sub.close());

    // And appenders that keep writing while the relay runs
    let appending = true;
    const appenders = Promise.all(
      [0, 1, 2].map(async (w) => {
        for (let n = 0; appending; n++) await f.store.append(`k8s/apps/deployments/default/w${w}`, 'any', [deploymentEvent(`w${w}`, n)]);
      }),
    );
    cleanup.push(async () => {
      appending = false;
      await appenders;
    });

    // When the relay is killed without warning in the middle of the stream
    const first = startRelayProcess(f);
    await until(async () => (await f.store.readCheckpoint('relay')) >= 100);
    first.child.kill('SIGKILL');
    await once(first.child, 'exit');
    await until(async () => (await f.store.headPosition()) >= (await f.store.readCheckpoint('relay')) + 100);

    // And a new one started while events keep coming
    const second = startRelayProcess(f);
    const port = await second.port;
    await new Promise((r) => setTimeout(r, 300));
    appending = false;
    await appenders;
    const head = await f.store.headPosition();
    await until(async () => (await f.store.readCheckpoint('relay')) === head);
    await sub.waitFor(head, 10_000);

    // Then the consumer applied each event once, in order, and JetStream stored each once
    expect([...applied.keys()]).toEqual(Array.from({ length: head }, (_, i) => i + 1));
    expect([...applied.values()].every((count) => count === 1)).toBe(true);
    expect(await streamPositions(f)).toEqual([...applied.keys()]);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/kronicle_relay_lag_events 0/);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

    // And SIGTERM stops the relay cleanly
    second.child.kill('SIGTERM');
    const [code, signal] = (await once(second.child, 'exit')) as [number | null, string | null];
    expect(code === 0 || signal === 'SIGTERM').toBe(true);
  }, 90_000);
});
