import type { KubeObject } from '@kronicle/contracts';
import { ageColumn, column, containersColumn, imagesColumn, nameColumn, wideColumn } from '../columns';
import { type Container, containerCells } from '../containers';
import { type LabelSelector, formatLabelSelector } from '../labels';
import type { Printer } from '../printer';
import { swaggerDocs } from '../swagger-docs';
import { since } from '../timestamp';

interface CronJob extends KubeObject {
  spec?: {
    schedule?: string;
    timeZone?: string;
    suspend?: boolean;
    jobTemplate?: { spec?: { selector?: LabelSelector; template?: { spec?: { containers?: Container[] } } } };
  };
  status?: { active?: unknown[]; lastScheduleTime?: string };
}

export const cronJobPrinter: Printer = {
  columns: [
    nameColumn,
    column('Schedule', 'string', swaggerDocs.CronJobSpec.schedule),
    column('Timezone', 'string', swaggerDocs.CronJobSpec.timeZone),
    column('Suspend', 'boolean', swaggerDocs.CronJobSpec.suspend),
    column('Active', 'integer', swaggerDocs.CronJobStatus.active),
    column('Last Schedule', 'string', swaggerDocs.CronJobStatus.lastScheduleTime),
    ageColumn,
    containersColumn,
    imagesColumn,
    wideColumn('Selector', 'string', swaggerDocs.JobSpec.selector),
  ],
  cells(object, now) {
    const { metadata, spec, status } = object as CronJob;
    const jobSpec = spec?.jobTemplate?.spec;
    return [
      metadata.name ?? '',
      spec?.schedule ?? '',
      spec?.timeZone ?? '<none>',
      // Upstream prints the pointer as text, although the column says boolean.
      spec?.suspend === undefined || spec.suspend === null ? '<unset>' : spec.suspend ? 'True' : 'False',
      status?.active?.length ?? 0,
      status?.lastScheduleTime ? since(status.lastScheduleTime, now) : '<none>',
      since(metadata.creationTimestamp, now),
      ...containerCells(jobSpec?.template?.spec?.containers),
      formatLabelSelector(jobSpec?.selector),
    ];
  },
};
