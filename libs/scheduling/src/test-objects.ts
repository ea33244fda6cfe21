import type { KubeObject } from '@kronicle/contracts';

/** Test fixtures: a node and a pod in Kubernetes shape, with only what a test cares about. */
export function testNode(name: string, options: { cpu?: string; memory?: string; pods?: string; labels?: Record<string, string>; taints?: object[]; unschedulable?: boolean } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...options.labels } },
    spec: { ...(options.taints ? { taints: options.taints } : {}), ...(options.unschedulable ? { unschedulable: true } : {}) },
    status: { allocatable: { cpu: options.cpu ?? '4', memory: options.memory ?? '8Gi', pods: options.pods ?? '110' } },
  };
}

export function testPod(name: string, spec: Record<string, unknown> = {}, labels: Record<string, string> = {}, requests?: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels, creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: { containers: [{ name: 'c', image: 'i', ...(requests ? { resources: { requests } } : {}) }], ...spec },
  };
}
