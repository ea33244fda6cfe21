import type { KubeObject } from '@kronicle/contracts';

/** The shape of `KRONICLE_NODE_CONFIG` (JSON); every field optional. */
export interface NodeConfig {
  cpu?: string;
  memory?: string;
  pods?: string;
  ephemeralStorage?: string;
  /** Extra labels on every node. */
  labels?: Record<string, string>;
  taints?: { key: string; value?: string; effect: string }[];
  /** Zones dealt round-robin to nodes (default zone-a, zone-b, zone-c). */
  zones?: string[];
  /** Per-node overrides by name, e.g. `{"node-2": {"cpu": "8", "labels": {"disk": "ssd"}}}`. */
  nodes?: Record<string, Omit<NodeConfig, 'nodes' | 'zones'>>;
}

export interface SimulatedNode {
  name: string;
  podCIDR: string;
  internalIP: string;
  object: KubeObject;
}

/**
 * Node `i` (1-based) gets `10.<244 + i div 256>.<i mod 256>.0/24` as its podCIDR and
 * `172.<16 + i div 65536>.<i div 256 mod 256>.<i mod 256>` as its InternalIP: unique for any count
 * a benchmark uses.
 */
export function nodeAddresses(index: number): { podCIDR: string; internalIP: string } {
  return {
    podCIDR: `10.${244 + Math.floor(index / 256)}.${index % 256}.0/24`,
    internalIP: `172.${16 + Math.floor(index / 65536)}.${Math.floor(index / 256) % 256}.${index % 256}`,
  };
}

export function readyConditions(time: string): object[] {
  const condition = (type: string, status: string, reason: string, message: string) => ({ type, status, lastHeartbeatTime: time, lastTransitionTime: time, reason, message });
  return [
    condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
  ];
}

/** The Node objects one agent registers: `node-<first>` … `node-<first + count - 1>`. */
export function simulatedNodes(first: number, count: number, config: NodeConfig, time: string): SimulatedNode[] {
  const zones = config.zones?.length ? config.zones : ['zone-a', 'zone-b', 'zone-c'];
  return Array.from({ length: count }, (_, i) => {
    const index = first + i;
    const name = `node-${index}`;
    const own = { ...config, ...config.nodes?.[name], labels: { ...config.labels, ...config.nodes?.[name]?.labels } };
    const { podCIDR, internalIP } = nodeAddresses(index);
    const resources = { cpu: own.cpu ?? '4', memory: own.memory ?? '16Gi', pods: own.pods ?? '110', 'ephemeral-storage': own.ephemeralStorage ?? '100Gi' };
    const object: KubeObject = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        labels: {
          'beta.kubernetes.io/arch': 'amd64',
          'beta.kubernetes.io/os': 'linux',
          'kubernetes.io/arch': 'amd64',
          'kubernetes.io/hostname': name,
          'kubernetes.io/os': 'linux',
          'topology.kubernetes.io/zone': zones[(index - 1) % zones.length],
          'node.kubernetes.io/instance-type': 'kronicle-simulated',
          ...own.labels,
        },
        annotations: { 'node.alpha.kubernetes.io/ttl': '0' },
      },
      spec: { podCIDR, podCIDRs: [podCIDR], ...(own.taints?.length ? { taints: own.taints } : {}) },
      status: {
        capacity: resources,
        allocatable: resources,
        conditions: readyConditions(time),
        addresses: [
          { type: 'InternalIP', address: internalIP },
          { type: 'Hostname', address: name },
        ],
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        nodeInfo: {
          architecture: 'amd64',
          bootID: '',
          containerRuntimeVersion: 'containerd://1.7.24',
          kernelVersion: '6.1.0-kronicle',
          kubeProxyVersion: 'v1.32.0',
          kubeletVersion: 'v1.32.0',
          machineID: '',
          operatingSystem: 'linux',
          osImage: 'Kronicle simulated node',
          systemUUID: '',
        },
      },
    };
    return { name, podCIDR, internalIP, object };
  });
}
