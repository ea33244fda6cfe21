import type { KubeObject } from '@kronicle/contracts';
import { ageColumn, column, nameColumn } from '../columns';
import type { Printer } from '../printer';
import { swaggerDocs } from '../swagger-docs';
import { since } from '../timestamp';

interface Secret extends KubeObject {
  type?: string;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

export const secretPrinter: Printer = {
  columns: [nameColumn, column('Type', 'string', swaggerDocs.Secret.type), column('Data', 'string', swaggerDocs.Secret.data), ageColumn],
  cells(object, now) {
    const secret = object as Secret;
    // Upstream merges stringData into data when it reads a v1 Secret.
    const keys = new Set([...Object.keys(secret.data ?? {}), ...Object.keys(secret.stringData ?? {})]);
    return [secret.metadata.name ?? '', secret.type ?? '', keys.size, since(secret.metadata.creationTimestamp, now)];
  },
};
