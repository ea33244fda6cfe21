import type { KubeObject } from '@kronicle/contracts';
import { describe, expect, it } from 'vitest';
import { deploymentPrinter } from './deployment';

const now = new Date('2025-01-01T12:00:00Z');

function deployment(spec: object, status: object): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', creationTimestamp: '2025-01-01T11:50:00Z' }, spec, status };
}

describe('deployment printer', () => {
  it('has upstream columns', () => {
    expect(deploymentPrinter.columns.map((c) => `${c.name}:${c.type}:${c.priority}`)).toEqual([
      'Name:string:0', 'Ready:string:0', 'Up-to-date:string:0', 'Available:string:0', 'Age:string:0',
      'Containers:string:1', 'Images:string:1', 'Selector:string:1',
    ]);
  });

  it('given a deployment rolling out, then READY, UP-TO-DATE and AVAILABLE show its progress', () => {
    const rolling = deployment(
      {
        replicas: 3,
        selector: { matchLabels: { app: 'web', tier: 'front' } },
        template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }, { name: 'log', image: 'busybox' }] } },
      },
      { readyReplicas: 2, updatedReplicas: 1, availableReplicas: 2 },
    );
    expect(deploymentPrinter.cells(rolling, now)).toEqual(['web', '2/3', 1, 2, '10m', 'nginx,log', 'nginx:1.27,busybox', 'app=web,tier=front']);
  });

  it('given a new deployment without status, then counts are zero', () => {
    expect(deploymentPrinter.cells(deployment({ selector: {} }, {}), now).slice(1, 4)).toEqual(['0/1', 0, 0]);
  });

  it('given selector expressions, then SELECTOR prints them as upstream does', () => {
    const selector = { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'dev'] }, { key: 'canary', operator: 'DoesNotExist' }] };
    expect(deploymentPrinter.cells(deployment({ selector }, {}), now)[7]).toBe('app=web,!canary,env in (dev,prod)');
  });

  it('given an invalid selector, then SELECTOR reads <invalid>', () => {
    const selector = { matchExpressions: [{ key: 'env', operator: 'In', values: [] }] };
    expect(deploymentPrinter.cells(deployment({ selector }, {}), now)[7]).toBe('<invalid>');
  });
});
