import { addPod, copyNodeInfo, nodeInfo } from './node-info';
import { schedulingTaint } from './taints';
import type { KubeObject } from '@kronicle/contracts';
import type { NodeInfo, PodInfo } from './types';

/**
 * Nodes sorted by name (a snapshot's search order), where each one is, and what they hold. The
 * snapshots of many batches may share one, as long as the node objects stay the same: a scheduler
 * that keeps its nodes and moves only the pods that changed (see removePod) then neither sorts
 * nor indexes every node for each batch.
 */
export class NodeOrder {
  readonly nodes: NodeInfo[];
  readonly indexOf = new Map<string, number>();
  /** Whether some node is cordoned, or has a NoSchedule or NoExecute taint: without one, the filters for them reject nothing. */
  readonly anyCordoned: boolean;
  readonly anyTainted: boolean;

  constructor(nodes: NodeInfo[]) {
    this.nodes = [...nodes].sort((a, b) => (a.name < b.name ? -1 : 1));
    this.nodes.forEach((node, i) => this.indexOf.set(node.name, i));
    this.anyCordoned = this.nodes.some((node) => node.unschedulable);
    this.anyTainted = this.nodes.some((node) => node.taints.some(schedulingTaint));
  }
}

/**
 * The cluster as one scheduling batch sees it: every node with the pods on it. Pods placed during
 * the batch are assumed into it at once, so the next pod of the batch sees them (upstream's cache
 * of assumed pods).
 */
export class Snapshot {
  readonly nodes: NodeInfo[];
  private readonly order: NodeOrder;
  /** Nodes this snapshot has copied to assume pods into; the others are shared with the caller. */
  private readonly own = new Set<NodeInfo>();
  // Placed pods by namespace are gathered only when a pod needs them (affinity, spread): most pods
  // do not, and gathering walks every placed pod. Those with anti-affinity, which every pod's
  // InterPodAffinity asks for, are gathered from the nodes' own lists of them.
  private byNamespace?: Map<string, PodInfo[]>;
  private antiAffinity?: PodInfo[];
  /** Where the next pod's search over nodes starts (upstream's nextStartNodeIndex); a scheduler carries it from one snapshot to the next. */
  searchStart = 0;

  /**
   * Nodes with the pods placed on them (see addPod). They are left as they are: a node gets copied
   * when a pod is first assumed onto it, so a scheduler may keep them from one batch to the next.
   */
  constructor(nodes: NodeInfo[] | NodeOrder) {
    this.order = nodes instanceof NodeOrder ? nodes : new NodeOrder(nodes);
    this.nodes = [...this.order.nodes];
  }

  get anyCordoned(): boolean {
    return this.order.anyCordoned;
  }

  get anyTainted(): boolean {
    return this.order.anyTainted;
  }

  /** `pods` are the pods bound to nodes that count (not finished); pods on unknown nodes are ignored. */
  static of(nodes: KubeObject[], pods: Iterable<PodInfo>): Snapshot {
    const infos = new Map(nodes.map((node) => [node.metadata.name ?? '', nodeInfo(node)]));
    for (const pod of pods) {
      const node = pod.nodeName === undefined ? undefined : infos.get(pod.nodeName);
      if (node) addPod(node, pod);
    }
    const snapshot = new Snapshot([...infos.values()]);
    // Its own nodes from the start: nothing to copy, and a node looked up stays the node pods are assumed into.
    for (const node of snapshot.nodes) snapshot.own.add(node);
    return snapshot;
  }

  node(name: string): NodeInfo | undefined {
    const i = this.order.indexOf.get(name);
    return i === undefined ? undefined : this.nodes[i];
  }

  /** Placed pods of a namespace, each with the node it is on. */
  podsIn(namespace: string): PodInfo[] {
    if (!this.byNamespace) {
      this.byNamespace = new Map();
      for (const node of this.nodes) for (const pod of node.pods) this.addToNamespace(pod);
    }
    return this.byNamespace.get(namespace) ?? [];
  }

  /** Placed pods with required anti-affinity: they can keep an incoming pod off their domain. */
  get withAntiAffinity(): PodInfo[] {
    if (!this.antiAffinity) {
      this.antiAffinity = [];
      for (const node of this.nodes) if (node.podsWithRequiredAntiAffinity.length) this.antiAffinity.push(...node.podsWithRequiredAntiAffinity);
    }
    return this.antiAffinity;
  }

  assume(pod: PodInfo, nodeName: string): void {
    const i = this.order.indexOf.get(nodeName);
    if (i === undefined) return;
    let node = this.nodes[i];
    if (!this.own.has(node)) this.own.add((node = this.nodes[i] = copyNodeInfo(node)));
    const placed = pod.nodeName === nodeName ? pod : { ...pod, nodeName };
    addPod(node, placed);
    if (this.byNamespace) this.addToNamespace(placed);
    if (this.antiAffinity && placed.requiredAntiAffinity.length) this.antiAffinity.push(placed);
  }

  private addToNamespace(pod: PodInfo): void {
    let list = this.byNamespace!.get(pod.namespace);
    if (!list) this.byNamespace!.set(pod.namespace, (list = []));
    list.push(pod);
  }
}
