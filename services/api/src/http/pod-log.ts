import { objectStreamId, type KubeObject } from '@kronicle/contracts';
import { fieldForbidden, fieldInvalid, invalidMessage, type FieldCause } from '@kronicle/kube-validation';
import { errors } from '@kronicle/object-lifecycle';
import { containerLog, statusOf, type ContainerLog, type LogLine } from '@kronicle/pod-lifecycle';
import type { LiveCluster } from '../cluster/live-cluster';
import { requestedContainer } from './pod-container';
import type { Clock } from '../objects/object-service';
import type { KubeResponse, StreamSink } from './kube-request';

/** Upstream's PodLogOptions, as query parameters. */
interface LogOptions {
  container: string;
  previous: boolean;
  follow: boolean;
  timestamps: boolean;
  /** Epoch ms: lines written before are left out (sinceSeconds, sinceTime). */
  since?: number;
  tailLines?: number;
  limitBytes?: number;
}

/**
 * `kubectl logs`: the simulated container's output. Upstream's kubelet serves it; here it is a
 * function of the pod's recorded status and the time, so any replica of the API answers the same.
 * With `follow` the answer streams each line as the container writes it, and ends with the
 * container, or with the pod.
 */
export function podLog(pod: KubeObject, query: URLSearchParams, clock: Clock, cluster: LiveCluster): KubeResponse {
  const now = clock.now().getTime();
  const options = logOptions(pod, query, now);
  const log = containerLog(pod, { container: options.container, previous: options.previous });
  if (!log) throw notStarted(pod, options);
  const shown = log.lines.filter((line) => line.at <= now && isShown(line, options));
  const initial = options.tailLines === undefined ? shown : shown.slice(Math.max(0, shown.length - options.tailLines));
  const text = initial.map((line) => format(line, options)).join('');
  if (!options.follow || log.finishedAt !== undefined) {
    return { kind: 'body', status: 200, contentType: 'text/plain', body: limited(text, options.limitBytes ?? Infinity) };
  }
  const written = log.lines.filter((line) => line.at <= now).length;
  return { kind: 'stream', contentType: 'text/plain', open: async (sink) => follow(sink, { pod, log, written, text, options, clock, cluster }) };
}

interface Following {
  pod: KubeObject;
  log: ContainerLog;
  /** How many of the instance's lines are behind us. */
  written: number;
  text: string;
  options: LogOptions;
  clock: Clock;
  cluster: LiveCluster;
}

/** Streams the followed instance's lines at their times; ends when it ends or the pod goes. */
function follow(sink: StreamSink, following: Following): () => void {
  const { pod, options, clock, cluster } = following;
  let { log, written } = following;
  let budget = options.limitBytes ?? Infinity;
  let timer: NodeJS.Timeout | undefined;
  let ended = false;
  const stop = () => {
    clearTimeout(timer);
    unsubscribe();
  };
  const end = () => {
    if (ended) return;
    ended = true;
    stop();
    sink.end();
  };
  const write = (text: string) => {
    const out = limited(text, budget);
    if (out) sink.write(out);
    budget -= Buffer.byteLength(out);
    if (budget <= 0) end();
  };
  /** Writes the lines due by now; then waits for the next one, or ends after the last of an ended instance. */
  const catchUp = () => {
    const now = clock.now().getTime();
    while (!ended && written < log.lines.length && log.lines[written].at <= now) {
      const line = log.lines[written++];
      if (isShown(line, options)) write(format(line, options));
    }
    if (ended) return;
    if (log.finishedAt !== undefined && written === log.lines.length) return end();
    clearTimeout(timer);
    if (written < log.lines.length) timer = setTimeout(catchUp, log.lines[written].at - now);
  };
  const streamId = objectStreamId({ group: '', resource: 'pods', namespace: pod.metadata.namespace, name: pod.metadata.name! });
  const unsubscribe = cluster.onChange((change) => {
    if (change.streamId !== streamId) return;
    if (change.type === 'DELETED') return end();
    // The followed instance, now the current one or, after a restart, the previous one.
    const instance = [false, true].map((previous) => containerLog(change.object, { container: options.container, previous })).find((l) => l?.startedAt === log.startedAt);
    if (!instance) return end();
    log = instance;
    catchUp();
  });
  write(following.text);
  catchUp();
  return stop;
}

function logOptions(pod: KubeObject, query: URLSearchParams, now: number): LogOptions {
  const name = pod.metadata.name ?? '';
  const chosen = requestedContainer(pod, query.get('container') ?? undefined);

  const integer = (parameter: string) => {
    const raw = query.get(parameter);
    if (raw === null) return undefined;
    if (!/^-?\d+$/.test(raw)) throw errors.badRequest(`invalid value for ${parameter}: ${JSON.stringify(raw)}`);
    return Number(raw);
  };
  const tailLines = integer('tailLines');
  const limitBytes = integer('limitBytes');
  const sinceSeconds = integer('sinceSeconds');
  const sinceTime = query.get('sinceTime');
  const sinceTimeMs = sinceTime === null ? undefined : Date.parse(sinceTime);
  if (sinceTime !== null && Number.isNaN(sinceTimeMs)) throw errors.badRequest(`invalid value for sinceTime: ${JSON.stringify(sinceTime)}`);
  // Upstream's ValidatePodLogOptions.
  const causes: FieldCause[] = [];
  if (tailLines !== undefined && tailLines < 0) causes.push(fieldInvalid('tailLines', tailLines, 'must be greater than or equal to 0'));
  if (limitBytes !== undefined && limitBytes < 1) causes.push(fieldInvalid('limitBytes', limitBytes, 'must be greater than 0'));
  if (sinceSeconds !== undefined && sinceTimeMs !== undefined) {
    causes.push(fieldForbidden('', 'at most one of `sinceTime` or `sinceSeconds` may be specified'));
  } else if (sinceSeconds !== undefined && sinceSeconds < 1) causes.push(fieldInvalid('sinceSeconds', sinceSeconds, 'must be greater than 0'));
  if (causes.length > 0) throw errors.invalid('PodLogOptions', '', name, invalidMessage('PodLogOptions', '', name, causes), causes);

  const flag = (parameter: string) => query.get(parameter) === 'true';
  return {
    container: chosen,
    previous: flag('previous'),
    follow: flag('follow'),
    timestamps: flag('timestamps'),
    ...(sinceSeconds !== undefined ? { since: now - sinceSeconds * 1000 } : sinceTimeMs !== undefined ? { since: sinceTimeMs } : {}),
    ...(tailLines !== undefined ? { tailLines } : {}),
    ...(limitBytes !== undefined ? { limitBytes } : {}),
  };
}

/** Upstream: 400, waiting to start, or no previous instance to show. */
function notStarted(pod: KubeObject, options: LogOptions) {
  const name = pod.metadata.name ?? '';
  if (options.previous) return errors.badRequest(`previous terminated container "${options.container}" in pod "${name}" not found`);
  const status = statusOf(pod);
  const waiting = [...(status.containerStatuses ?? []), ...(status.initContainerStatuses ?? [])].find((c) => c.name === options.container)?.state.waiting?.reason;
  return errors.badRequest(`container "${options.container}" in pod "${name}" is waiting to start: ${waiting ?? 'ContainerCreating'}`);
}

const isShown = (line: LogLine, options: LogOptions) => options.since === undefined || line.at >= options.since;

/** A line as the kubelet serves it; with timestamps, first the time it was written in RFC 3339 with nine fraction digits. */
function format(line: LogLine, options: LogOptions): string {
  return options.timestamps ? `${new Date(line.at).toISOString().replace('Z', '000000Z')} ${line.text}\n` : `${line.text}\n`;
}

/** At most `limitBytes` bytes of the text (a cut may fall inside a line, as upstream's does). */
function limited(text: string, limitBytes: number): string {
  if (Buffer.byteLength(text) <= limitBytes) return text;
  return Buffer.from(text).subarray(0, limitBytes).toString();
}
