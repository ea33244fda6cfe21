import type { KubeObject } from '@kronicle/contracts';
import { ageColumn, column, nameColumn } from '../columns';
import type { Printer } from '../printer';
import { swaggerDocs } from '../swagger-docs';
import { since } from '../timestamp';

export const serviceAccountPrinter: Printer = {
  columns: [nameColumn, column('Secrets', 'string', swaggerDocs.ServiceAccount.secrets), ageColumn],
  cells(object, now) {
    const account = object as KubeObject & { secrets?: unknown[] };
    return [account.metadata.name ?? '', account.secrets?.length ?? 0, since(account.metadata.creationTimestamp, now)];
  },
};
