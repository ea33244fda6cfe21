import { kubeEvent, type ObjectWrite } from '@kronicle/controller-runtime';
import { replicasOf, type Deployment, type ReplicaSet } from '../shared/objects';
import { deploymentsResource, replicaSetsResource } from '../shared/resources';
import { replicasAnnotationsNeedUpdate, withReplicasAnnotations } from './annotations';
import { maxSurge } from './fenceposts';

export const DEPLOYMENT_COMPONENT = 'deployment-controller';

type DeploymentStatus = NonNullable<Deployment['status']>;

/**
 * What one sync of a Deployment decides, gathered as upstream's sync makes its API calls: the
 * ReplicaSets as they will be after this reconcile (one write each, however often they change),
 * Events, and the Deployment's own annotation and status changes.
 */
export class RolloutPlan {
  private readonly events: ObjectWrite[] = [];
  private readonly changed = new Map<string, ReplicaSet>();
  private readonly deleted: ReplicaSet[] = [];
  private created?: ReplicaSet;
  /** The Deployment's status as earlier steps of this sync left it (e.g. a Progressing condition). */
  status: DeploymentStatus;
  /** The Deployment's annotations, when this sync changes them (revision). */
  annotations?: Record<string, string>;

  constructor(
    readonly d: Deployment,
    readonly now: Date,
    /** Whether a ReplicaSet of this name exists (one the Deployment does not own means a hash collision). */
    readonly replicaSetExists: (name: string) => boolean = () => false,
  ) {
    this.status = { ...(d.status ?? {}) };
  }

  create(rs: ReplicaSet): void {
    this.created = rs;
  }

  /** Records the ReplicaSet as it will be written. */
  put(rs: ReplicaSet): ReplicaSet {
    if (this.created && rs.metadata.name === this.created.metadata.name) this.created = rs;
    else this.changed.set(rs.metadata.name ?? '', rs);
    return rs;
  }

  /** The ReplicaSet as this sync has left it so far. */
  latest(rs: ReplicaSet): ReplicaSet;
  latest(rs: ReplicaSet | undefined): ReplicaSet | undefined;
  latest(rs: ReplicaSet | undefined): ReplicaSet | undefined {
    if (!rs) return undefined;
    if (this.created?.metadata.name === rs.metadata.name) return this.created;
    return this.changed.get(rs.metadata.name ?? '') ?? rs;
  }

  delete(rs: ReplicaSet): void {
    this.deleted.push(rs);
  }

  event(reason: string, message: string, type: 'Normal' | 'Warning' = 'Normal'): void {
    this.events.push(kubeEvent({ regarding: this.d, type, reason, message, component: DEPLOYMENT_COMPONENT, now: this.now }));
  }

  /** Upstream `scaleReplicaSetAndRecordEvent`: nothing when the size is already right. */
  scaleAndRecord(rs: ReplicaSet, newScale: number): ReplicaSet {
    return replicasOf(rs) === newScale ? rs : this.scale(rs, newScale);
  }

  /**
   * Upstream `scaleReplicaSet`: sets the size and the desired/max replicas annotations proportional
   * scaling reads; a `ScalingReplicaSet` Event when the size changed.
   */
  scale(rs: ReplicaSet, newScale: number): ReplicaSet {
    const desired = replicasOf(this.d);
    const max = desired + maxSurge(this.d);
    const oldScale = replicasOf(rs);
    if (oldScale === newScale && !replicasAnnotationsNeedUpdate(rs, desired, max)) return rs;
    const next = this.put(withReplicasAnnotations({ ...rs, spec: { ...rs.spec, replicas: newScale } }, desired, max));
    if (oldScale !== newScale) this.event('ScalingReplicaSet', `Scaled ${oldScale < newScale ? 'up' : 'down'} replica set ${rs.metadata.name} from ${oldScale} to ${newScale}`);
    return next;
  }

  /**
   * The writes, in order: ReplicaSets, then the Deployment (annotations, else status: both in one
   * reconcile would be two updates of one stream decided on the same cached object), then Events.
   */
  writes(): ObjectWrite[] {
    const writes: ObjectWrite[] = [];
    if (this.created) writes.push({ kind: 'create', resource: replicaSetsResource, object: this.created });
    for (const rs of this.changed.values()) writes.push({ kind: 'update', resource: replicaSetsResource, object: rs });
    for (const rs of this.deleted) writes.push({ kind: 'delete', resource: replicaSetsResource, namespace: rs.metadata.namespace, name: rs.metadata.name ?? '' });
    if (this.annotations) writes.push({ kind: 'update', resource: deploymentsResource, object: { ...this.d, metadata: { ...this.d.metadata, annotations: this.annotations } } });
    else writes.push({ kind: 'update', resource: deploymentsResource, subresource: 'status', object: { ...this.d, status: this.status } });
    return [...writes, ...this.events];
  }
}
