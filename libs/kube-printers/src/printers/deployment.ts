import type { KubeObject } from '@kronicle/contracts';
import { ageColumn, column, containersColumn, imagesColumn, nameColumn, wideColumn } from '../columns';
import { type Container, containerCells } from '../containers';
import { type LabelSelector, labelSelectorString } from '../labels';
import type { Printer } from '../printer';
import { swaggerDocs } from '../swagger-docs';
import { since } from '../timestamp';

interface Deployment extends KubeObject {
  spec?: { replicas?: number; selector?: LabelSelector; template?: { spec?: { containers?: Container[] } } };
  status?: { readyReplicas?: number; updatedReplicas?: number; availableReplicas?: number };
}

export const deploymentPrinter: Printer = {
  columns: [
    nameColumn,
    column('Ready', 'string', 'Number of the pod with ready state'),
    column('Up-to-date', 'string', swaggerDocs.DeploymentStatus.updatedReplicas),
    column('Available', 'string', swaggerDocs.DeploymentStatus.availableReplicas),
    ageColumn,
    containersColumn,
    imagesColumn,
    wideColumn('Selector', 'string', swaggerDocs.DeploymentSpec.selector),
  ],
  cells(object, now) {
    const deployment = object as Deployment;
    const { spec, status } = deployment;
    return [
      deployment.metadata.name ?? '',
      // spec.replicas defaults to 1.
      `${status?.readyReplicas ?? 0}/${spec?.replicas ?? 1}`,
      status?.updatedReplicas ?? 0,
      status?.availableReplicas ?? 0,
      since(deployment.metadata.creationTimestamp, now),
      ...containerCells(spec?.template?.spec?.containers),
      labelSelectorString(spec?.selector) ?? '<invalid>',
    ];
  },
};
