/** What an open-loop run recorded after its warm-up. */
export interface OpenLoopResult {
  /** Milliseconds from each request's scheduled start to its completion. */
  latencies: number[];
  errors: number;
  errorSamples: string[];
}

/**
 * Sends request i at start + i / rate, whether or not earlier ones have answered (open loop), for
 * warm-up plus measured seconds. Latency counts from the *scheduled* time, so a stalled server or a
 * late timer shows up in the figures instead of silently lowering the rate (coordinated omission).
 */
export function openLoop(
  rate: number,
  seconds: number,
  warmupSeconds: number,
  send: (i: number) => Promise<void>,
): Promise<OpenLoopResult> {
  const interval = 1000 / rate;
  const warmup = Math.round(warmupSeconds * rate);
  const total = warmup + Math.round(seconds * rate);
  const result: OpenLoopResult = { latencies: [], errors: 0, errorSamples: [] };
  const inFlight: Promise<void>[] = [];
  const start = performance.now();

  const fire = (i: number) => {
    const scheduled = start + i * interval;
    const record = i >= warmup;
    inFlight.push(
      send(i).then(
        () => {
          if (record) result.latencies.push(performance.now() - scheduled);
        },
        (error: Error) => {
          if (!record) return;
          result.errors++;
          if (result.errorSamples.length < 5 && !result.errorSamples.includes(error.message)) result.errorSamples.push(error.message);
        },
      ),
    );
  };

  return new Promise((resolve) => {
    let next = 0;
    const tick = () => {
      // Everything due by now goes out, so a late timer never lowers the rate.
      while (next < total && start + next * interval <= performance.now()) fire(next++);
      if (next < total) setTimeout(tick, Math.max(0, start + next * interval - performance.now()));
      else void Promise.all(inFlight).then(() => resolve(result));
    };
    tick();
  });
}
