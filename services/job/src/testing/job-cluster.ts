import type { KubeObject } from '@kronicle/contracts';
import { InMemoryCluster, type ObjectWrite } from '@kronicle/controller-runtime';
import { resourceInfo } from '@kronicle/object-lifecycle';
import { jobController } from '../job/controller';
import type { JobPod } from '../job/job-pods';
import { jobsResource, type Job } from '../job/objects';
import { podsResource } from '@kronicle/pod-control';

const t0 = Date.parse('2026-01-01T00:00:00Z');
/** The instant `s` seconds into a test. */
export const at = (s: number) => new Date(t0 + s * 1000);
const eventsResource = resourceInfo('', 'events');

/** The docs' `pi` Job (job.yaml), with spec fields to override. */
export function piJob(spec: Partial<Job['spec']> = {}, name = 'pi'): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default' },
    spec: { template: { spec: { containers: [{ name: 'pi', image: 'perl:5.34.0', command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'] }], restartPolicy: 'Never' } }, backoffLimit: 4, ...spec },
  };
}

/**
 * The Job controller on an in-memory cluster: writes decided as the API and the runtime decide
 * them, the test playing user and kubelet, and a clock it moves by hand.
 */
export class JobCluster {
  readonly cluster = new InMemoryCluster(jobController.indexes);

  constructor() {
    this.cluster.write([{ kind: 'create', resource: resourceInfo('', 'namespaces'), object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } } }], at(0));
  }

  /** A user's (or kubelet's) writes, then the controller until it settles. */
  act(writes: ObjectWrite[], second: number): void {
    this.cluster.act(writes, [jobController], at(second));
  }

  createJob(job: Job, second = 0): void {
    this.act([{ kind: 'create', resource: jobsResource, object: structuredClone(job) }], second);
  }

  updateJob(name: string, change: (job: Job) => Job, second: number): void {
    this.act([{ kind: 'update', resource: jobsResource, object: change(structuredClone(this.job(name))) }], second);
  }

  /** A sync at this instant, as a requeue after a wait would run it. */
  resync(name: string, second: number): void {
    this.cluster.settle([jobController], at(second), new Map([[jobController, [`default/${name}`]]]));
  }

  /** What one sync would write now, without writing it. */
  decide(name: string, second: number): ReturnType<typeof jobController.reconcile> {
    return jobController.reconcile(`default/${name}`, this.cluster.state, at(second));
  }

  job(name = 'pi'): Job {
    return this.cluster.state.get(`k8s/batch/jobs/default/${name}`)!.object as Job;
  }

  pods(name = 'pi'): JobPod[] {
    const uid = this.job(name).metadata.uid;
    return this.cluster.state.list({ group: '', resource: 'pods', namespace: 'default' }).map((s) => s.object as JobPod).filter((p) => p.metadata.ownerReferences?.some((r) => r.uid === uid));
  }

  activePods(name = 'pi'): JobPod[] {
    return this.pods(name).filter((p) => !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  }

  /** The kubelet writes a pod's status. */
  setStatus(pod: JobPod, status: object, second: number): void {
    this.act([{ kind: 'update', resource: podsResource, subresource: 'status', object: { ...pod, status } as KubeObject }], second);
  }

  /** The kubelet reports a pod's containers ended: exit 0 is Succeeded, else Failed. */
  finish(pod: JobPod, exitCode: number, second: number): void {
    const finishedAt = at(second).toISOString().replace(/\.\d{3}Z$/, 'Z');
    this.setStatus(pod, { phase: exitCode === 0 ? 'Succeeded' : 'Failed', containerStatuses: [{ name: 'pi', restartCount: 0, ready: false, state: { terminated: { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', finishedAt } } }] }, second);
  }

  /** The scheduler binds a pod to node-1, whose kubelet reports it running and ready. */
  run(pod: JobPod, second: number): void {
    if (!pod.spec?.nodeName) this.act([{ kind: 'bind', namespace: 'default', name: pod.metadata.name!, nodeName: 'node-1' }], second);
    pod = this.pod(pod.metadata.name!)!;
    const time = at(second).toISOString().replace(/\.\d{3}Z$/, 'Z');
    this.setStatus(pod, { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: time }], containerStatuses: [{ name: 'pi', restartCount: 0, ready: true, state: { running: { startedAt: time } } }] }, second);
  }

  /** A delete as `kubectl delete` (grace) or as the kubelet's last one (grace 0). */
  deletePod(pod: JobPod, second: number, gracePeriodSeconds?: number): void {
    this.act([{ kind: 'delete', resource: podsResource, namespace: 'default', name: pod.metadata.name!, options: gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds } }], second);
  }

  deleteJob(name: string, second: number): void {
    this.act([{ kind: 'delete', resource: jobsResource, namespace: 'default', name }], second);
  }

  pod(name: string): JobPod | undefined {
    return this.cluster.state.get(`k8s/core/pods/default/${name}`)?.object as JobPod | undefined;
  }

  /** The Kubernetes Events about the Job: `reason: message`, oldest first. */
  events(name = 'pi'): string[] {
    return this.cluster.state
      .list({ group: eventsResource.group, resource: 'events', namespace: 'default' })
      .map((s) => s.object as KubeObject & { involvedObject: { name: string; kind: string }; reason: string; message: string })
      .filter((e) => e.involvedObject.kind === 'Job' && e.involvedObject.name === name)
      .map((e) => `${e.reason}: ${e.message}`);
  }

  /** The status' counters, 0 where Go's omitempty leaves them out. */
  counts(name = 'pi'): Record<'active' | 'ready' | 'terminating' | 'succeeded' | 'failed', number> {
    const status = this.job(name).status ?? {};
    return { active: status.active ?? 0, ready: status.ready ?? 0, terminating: status.terminating ?? 0, succeeded: status.succeeded ?? 0, failed: status.failed ?? 0 };
  }

  conditions(name = 'pi'): string[] {
    return (this.job(name).status?.conditions ?? []).map((c) => `${c.type}=${c.status} ${c.reason}`);
  }
}
