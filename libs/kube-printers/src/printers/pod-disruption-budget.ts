import type { KubeObject } from '@kronicle/contracts';
import { ageColumn, column, nameColumn } from '../columns';
import type { Printer } from '../printer';
import { since } from '../timestamp';

interface PodDisruptionBudget extends KubeObject {
  spec?: { minAvailable?: number | string; maxUnavailable?: number | string };
  status?: { disruptionsAllowed?: number };
}

/** Upstream `printPodDisruptionBudget`: an unset bound prints as N/A. */
export const podDisruptionBudgetPrinter: Printer = {
  columns: [
    nameColumn,
    column('Min Available', 'string', 'The minimum number of pods that must be available.'),
    column('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
    column('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'),
    ageColumn,
  ],
  cells(object, now) {
    const { metadata, spec, status } = object as PodDisruptionBudget;
    return [metadata.name ?? '', String(spec?.minAvailable ?? 'N/A'), String(spec?.maxUnavailable ?? 'N/A'), status?.disruptionsAllowed ?? 0, since(metadata.creationTimestamp, now)];
  },
};
