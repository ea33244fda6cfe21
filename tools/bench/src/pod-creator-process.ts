import { apiPoster } from './api-post';
import { benchPod } from './bench-objects';
import { serveTask } from './child';
import { summariseLatencies, type LatencySummary } from './stats';

/**
 * The client of `bench:scheduling`, a process of its own like kubectl or a controller would be:
 * creates `count` pods through the API (`POST /api/v1/namespaces/<ns>/pods`, HTTPS with the mesh's
 * CA, bearer token, keep-alive), with `concurrency` requests in flight at all times (closed loop:
 * as one answers the next leaves). Pods are as small as a real Deployment's: one container, small
 * requests, so 10,000 fit 1,000 nodes many times over.
 */
export interface PodCreatorTask {
  apiUrl: string;
  caFile: string;
  token: string;
  namespace: string;
  namePrefix: string;
  count: number;
  concurrency: number;
  /** Epoch ms after which no request is started (the run's bound). */
  deadline: number;
}

export interface PodCreatorResult {
  ok: number;
  errors: number;
  errorSamples: string[];
  /** Epoch ms: first request sent, last answer received. */
  firstSent: number;
  lastAnswered: number;
  /** Request latencies (ms), summarised. */
  latency: LatencySummary;
  /** CPU the client itself used while creating (ms): it runs on the same cores as the mesh. */
  cpuMs: number;
}

serveTask<PodCreatorTask, PodCreatorResult>(async (task) => {
  const { post, warm, close } = apiPoster({ apiUrl: task.apiUrl, caFile: task.caFile, token: task.token, path: `/api/v1/namespaces/${task.namespace}/pods`, maxSockets: task.concurrency });
  const bodies = Array.from({ length: task.count }, (_, i) => JSON.stringify(benchPod(`${task.namePrefix}-${i}`, task.namespace)));
  // Open the connections before the clock starts: the figure is the creates, not TLS handshakes.
  await warm(task.concurrency);

  return async () => {
    const latencies: number[] = [];
    const errorSamples: string[] = [];
    let errors = 0;
    let next = 0;
    const cpuAtStart = process.cpuUsage();
    const firstSent = Date.now();
    const lane = async () => {
      while (next < bodies.length && Date.now() < task.deadline) {
        const body = bodies[next++];
        const sent = performance.now();
        try {
          await post(body);
          latencies.push(performance.now() - sent);
        } catch (error) {
          errors++;
          const message = (error as Error).message;
          if (errorSamples.length < 5 && !errorSamples.includes(message)) errorSamples.push(message);
        }
      }
    };
    await Promise.all(Array.from({ length: task.concurrency }, lane));
    const lastAnswered = Date.now();
    const cpu = process.cpuUsage(cpuAtStart);
    await close();
    return { ok: latencies.length, errors, errorSamples, firstSent, lastAnswered, latency: summariseLatencies(latencies, errors, errorSamples), cpuMs: (cpu.user + cpu.system) / 1000 };
  };
});
