import type { KubeObject } from '@kronicle/contracts';
import { ageColumn, column, containersColumn, imagesColumn, nameColumn, wideColumn } from '../columns';
import { type Container, containerCells } from '../containers';
import { type LabelSelector, formatLabelSelector, formatLabels } from '../labels';
import type { Printer } from '../printer';
import { swaggerDocs } from '../swagger-docs';
import { since } from '../timestamp';

interface DaemonSet extends KubeObject {
  spec?: { selector?: LabelSelector; template?: { spec?: { containers?: Container[]; nodeSelector?: Record<string, string> } } };
  status?: {
    desiredNumberScheduled?: number;
    currentNumberScheduled?: number;
    numberReady?: number;
    updatedNumberScheduled?: number;
    numberAvailable?: number;
  };
}

const docs = swaggerDocs.DaemonSetStatus;

export const daemonSetPrinter: Printer = {
  columns: [
    nameColumn,
    column('Desired', 'integer', docs.desiredNumberScheduled),
    column('Current', 'integer', docs.currentNumberScheduled),
    column('Ready', 'integer', docs.numberReady),
    column('Up-to-date', 'integer', docs.updatedNumberScheduled),
    column('Available', 'integer', docs.numberAvailable),
    column('Node Selector', 'string', swaggerDocs.PodSpec.nodeSelector),
    ageColumn,
    containersColumn,
    imagesColumn,
    wideColumn('Selector', 'string', swaggerDocs.DaemonSetSpec.selector),
  ],
  cells(object, now) {
    const { metadata, spec, status } = object as DaemonSet;
    return [
      metadata.name ?? '',
      status?.desiredNumberScheduled ?? 0,
      status?.currentNumberScheduled ?? 0,
      status?.numberReady ?? 0,
      status?.updatedNumberScheduled ?? 0,
      status?.numberAvailable ?? 0,
      formatLabels(spec?.template?.spec?.nodeSelector),
      since(metadata.creationTimestamp, now),
      ...containerCells(spec?.template?.spec?.containers),
      formatLabelSelector(spec?.selector),
    ];
  },
};
