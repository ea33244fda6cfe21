import { isPodReady, type KubeObject } from '@kronicle/contracts';
import { ageColumn, column, nameColumn, wideColumn } from '../columns';
import { humanDuration } from '../human-duration';
import type { Printer } from '../printer';
import { swaggerDocs } from '../swagger-docs';
import type { TableRowCondition } from '../table';
import { parseTimestamp, since } from '../timestamp';

interface ContainerState {
  waiting?: { reason?: string };
  running?: object;
  terminated?: { reason?: string; exitCode?: number; signal?: number; finishedAt?: string };
}

interface ContainerStatus {
  name: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  state?: ContainerState;
  lastState?: ContainerState;
}

interface Pod extends KubeObject {
  spec?: {
    containers?: { name: string }[];
    initContainers?: { name: string; restartPolicy?: string }[];
    nodeName?: string;
    readinessGates?: { conditionType: string }[];
  };
  status?: {
    phase?: string;
    reason?: string;
    conditions?: { type: string; status: string; reason?: string }[];
    initContainerStatuses?: ContainerStatus[];
    containerStatuses?: ContainerStatus[];
    podIPs?: { ip: string }[];
    nominatedNodeName?: string;
  };
}

/** The reason the node lifecycle controller gives pods on a node that stopped responding. */
const nodeUnreachablePodReason = 'NodeLost';

const succeeded: TableRowCondition[] = [
  { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
];
const failed: TableRowCondition[] = [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];

export const podPrinter: Printer = {
  columns: [
    nameColumn,
    column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'string', 'The aggregate status of the containers in this pod.'),
    column(
      'Restarts',
      'string',
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    ),
    ageColumn,
    wideColumn('IP', 'string', swaggerDocs.PodStatus.podIP),
    wideColumn('Node', 'string', swaggerDocs.PodSpec.nodeName),
    wideColumn('Nominated Node', 'string', swaggerDocs.PodStatus.nominatedNodeName),
    wideColumn('Readiness Gates', 'string', swaggerDocs.PodSpec.readinessGates),
  ],
  cells(object, now) {
    const pod = object as Pod;
    const { ready, total, status, restarts, lastRestart } = summarise(pod);
    const restartsCell =
      restarts !== 0 && lastRestart !== undefined ? `${restarts} (${humanDuration(now.getTime() - lastRestart)} ago)` : `${restarts}`;
    return [
      pod.metadata.name ?? '',
      `${ready}/${total}`,
      status,
      restartsCell,
      since(pod.metadata.creationTimestamp, now),
      pod.status?.podIPs?.[0]?.ip || '<none>',
      pod.spec?.nodeName || '<none>',
      pod.status?.nominatedNodeName || '<none>',
      readinessGates(pod),
    ];
  },
  conditions(object) {
    const phase = (object as Pod).status?.phase;
    return phase === 'Succeeded' ? succeeded : phase === 'Failed' ? failed : undefined;
  },
};

interface Summary {
  ready: number;
  total: number;
  status: string;
  restarts: number;
  /** Epoch milliseconds of the latest container termination that led to a restart. */
  lastRestart?: number;
}

/** Upstream's `printPod`, step by step: init containers first, then regular containers from last to first. */
function summarise(pod: Pod): Summary {
  const initContainers = pod.spec?.initContainers ?? [];
  // Sidecars (init containers that restart always) count as containers of the pod.
  const sidecars = new Set(initContainers.filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  const summary: Summary = { ready: 0, total: (pod.spec?.containers?.length ?? 0) + sidecars.size, status: '', restarts: 0 };
  const phase = pod.status?.phase ?? '';
  summary.status = pod.status?.reason || phase;
  if (pod.status?.conditions?.some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) {
    summary.status = 'SchedulingGated';
  }

  let sidecarRestarts = 0;
  let lastSidecarRestart: number | undefined;
  let initializing = false;
  const initStatuses = pod.status?.initContainerStatuses ?? [];
  for (const [index, container] of initStatuses.entries()) {
    summary.restarts += container.restartCount ?? 0;
    summary.lastRestart = later(summary.lastRestart, container.lastState);
    const sidecar = sidecars.has(container.name);
    if (sidecar) {
      sidecarRestarts += container.restartCount ?? 0;
      lastSidecarRestart = later(lastSidecarRestart, container.lastState);
    }
    const terminated = container.state?.terminated;
    const waitingReason = container.state?.waiting?.reason;
    if (terminated && (terminated.exitCode ?? 0) === 0) continue;
    if (sidecar && container.started) {
      if (container.ready) summary.ready++;
      continue;
    }
    if (terminated) summary.status = `Init:${terminatedReason(terminated)}`;
    else if (waitingReason && waitingReason !== 'PodInitializing') summary.status = `Init:${waitingReason}`;
    else summary.status = `Init:${index}/${initContainers.length}`;
    initializing = true;
    break;
  }

  const initialized = pod.status?.conditions?.find((c) => c.type === 'Initialized')?.status === 'True';
  if (!initializing || initialized) {
    summary.restarts = sidecarRestarts;
    summary.lastRestart = lastSidecarRestart;
    let hasRunning = false;
    for (const container of [...(pod.status?.containerStatuses ?? [])].reverse()) {
      summary.restarts += container.restartCount ?? 0;
      summary.lastRestart = later(summary.lastRestart, container.lastState);
      const { waiting, terminated, running } = container.state ?? {};
      if (waiting?.reason) summary.status = waiting.reason;
      else if (terminated) summary.status = terminatedReason(terminated);
      else if (container.ready && running) {
        hasRunning = true;
        summary.ready++;
      }
    }
    // A pod whose last container completed while others still run is not "Completed".
    if (summary.status === 'Completed' && hasRunning) {
      summary.status = isPodReady(pod) ? 'Running' : 'NotReady';
    }
  }

  if (pod.metadata.deletionTimestamp && pod.status?.reason === nodeUnreachablePodReason) summary.status = 'Unknown';
  else if (pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') summary.status = 'Terminating';
  return summary;
}

function terminatedReason(terminated: NonNullable<ContainerState['terminated']>): string {
  if (terminated.reason) return terminated.reason;
  return terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`;
}

function later(current: number | undefined, lastState: ContainerState | undefined): number | undefined {
  if (!lastState?.terminated) return current;
  const finished = parseTimestamp(lastState.terminated.finishedAt);
  if (finished === undefined) return current;
  return current === undefined || finished > current ? finished : current;
}

function readinessGates(pod: Pod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const conditions = pod.status?.conditions ?? [];
  const passed = gates.filter((gate) => conditions.find((c) => c.type === gate.conditionType)?.status === 'True').length;
  return `${passed}/${gates.length}`;
}
