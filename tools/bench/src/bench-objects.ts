/**
 * The objects `bench:scheduling` and `bench:rollout` create: as small as a real workload's pods, one
 * container with small requests (10m cpu, 16Mi), so 10,000 of them fit 1,000 simulated nodes
 * (4 cpu, 16Gi, 110 pods each) many times over and the scheduler never runs out of room.
 */
const container = (image: string) => ({ name: 'app', image, resources: { requests: { cpu: '10m', memory: '16Mi' } } });

export function benchPod(name: string, namespace: string): object {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { app: 'bench-scheduling' } },
    spec: { containers: [container('registry.k8s.io/pause:3.10')], terminationGracePeriodSeconds: 0 },
  };
}

export function benchDeployment(name: string, namespace: string, replicas: number, image: string): object {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      // Upstream's defaults, written out: 25 % surge, 25 % unavailable.
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [container(image)], terminationGracePeriodSeconds: 0 },
      },
    },
  };
}

/** A JSON merge patch that changes the Deployment's image (the list is replaced whole, as merge patch does). */
export function imagePatch(image: string): object {
  return { spec: { template: { spec: { containers: [container(image)] } } } };
}
