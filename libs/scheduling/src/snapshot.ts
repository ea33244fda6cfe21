import { addPod, nodeAllocatable, nodeInfo } from './node-info';
import type { KubeObject } from '@kronicle/contracts';
import type { NodeInfo, PodInfo, Resources } from './types';

/**
 * The cluster as one scheduling batch sees it: every node with the pods on it. Pods placed during
 * the batch are assumed into it at once, so the next pod of the batch sees them (upstream's cache
 * of assumed pods).
 */
export class Snapshot {
  readonly nodes: NodeInfo[];
  private readonly byName = new Map<string, NodeInfo>();
  private readonly byNamespace = new Map<string, PodInfo[]>();
  /** Placed pods with required anti-affinity: they can keep an incoming pod off their domain. */
  readonly withAntiAffinity: PodInfo[] = [];
  /** Where the next pod's search over nodes starts (upstream's nextStartNodeIndex); a scheduler carries it from one snapshot to the next. */
  searchStart = 0;

  /**
   * `pods` are the pods bound to nodes that count (not finished); pods on unknown nodes are ignored.
   * `allocatableOf` lets a scheduler reuse nodes' parsed allocatable from one snapshot to the next.
   */
  constructor(nodes: KubeObject[], pods: Iterable<PodInfo>, allocatableOf: (node: KubeObject) => Resources = nodeAllocatable) {
    this.nodes = nodes.map((node) => nodeInfo(node, allocatableOf(node))).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const node of this.nodes) this.byName.set(node.name, node);
    for (const pod of pods) if (pod.nodeName) this.assume(pod, pod.nodeName);
  }

  node(name: string): NodeInfo | undefined {
    return this.byName.get(name);
  }

  /** Placed pods of a namespace, each with the node it is on. */
  podsIn(namespace: string): PodInfo[] {
    return this.byNamespace.get(namespace) ?? [];
  }

  assume(pod: PodInfo, nodeName: string): void {
    const node = this.byName.get(nodeName);
    if (!node) return;
    const placed = pod.nodeName === nodeName ? pod : { ...pod, nodeName };
    addPod(node, placed);
    let list = this.byNamespace.get(placed.namespace);
    if (!list) this.byNamespace.set(placed.namespace, (list = []));
    list.push(placed);
    if (placed.requiredAntiAffinity.length) this.withAntiAffinity.push(placed);
  }
}
