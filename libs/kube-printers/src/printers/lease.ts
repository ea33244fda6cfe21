import type { KubeObject } from '@kronicle/contracts';
import { ageColumn, column, nameColumn } from '../columns';
import type { Printer } from '../printer';
import { swaggerDocs } from '../swagger-docs';
import { since } from '../timestamp';

export const leasePrinter: Printer = {
  columns: [nameColumn, column('Holder', 'string', swaggerDocs.LeaseSpec.holderIdentity), ageColumn],
  cells(object, now) {
    const lease = object as KubeObject & { spec?: { holderIdentity?: string } };
    return [lease.metadata.name ?? '', lease.spec?.holderIdentity ?? '', since(lease.metadata.creationTimestamp, now)];
  },
};
