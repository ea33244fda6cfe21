import type { Deployment } from '../shared/objects';

/** The Deployment of the Kubernetes documentation (nginx-deployment.yaml), with overrides. */
export function nginxDeployment(overrides: { replicas?: number; image?: string; strategy?: Deployment['spec']['strategy']; minReadySeconds?: number; progressDeadlineSeconds?: number; revisionHistoryLimit?: number; name?: string } = {}): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: overrides.name ?? 'nginx-deployment', namespace: 'default', labels: { app: 'nginx' } },
    spec: {
      replicas: overrides.replicas ?? 3,
      selector: { matchLabels: { app: 'nginx' } },
      template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: overrides.image ?? 'nginx:1.14.2', ports: [{ containerPort: 80 }] }] } },
      ...(overrides.strategy ? { strategy: overrides.strategy } : {}),
      ...(overrides.minReadySeconds !== undefined ? { minReadySeconds: overrides.minReadySeconds } : {}),
      ...(overrides.progressDeadlineSeconds !== undefined ? { progressDeadlineSeconds: overrides.progressDeadlineSeconds } : {}),
      ...(overrides.revisionHistoryLimit !== undefined ? { revisionHistoryLimit: overrides.revisionHistoryLimit } : {}),
    },
  };
}

/** The Deployment with another image, as `kubectl set image` leaves it. */
export function withImage(d: Deployment, image: string): Deployment {
  const spec = d.spec.template.spec as { containers: { image: string }[] };
  return { ...d, spec: { ...d.spec, template: { ...d.spec.template, spec: { ...spec, containers: spec.containers.map((c) => ({ ...c, image })) } } } };
}
