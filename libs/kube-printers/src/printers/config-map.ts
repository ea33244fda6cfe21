import type { KubeObject } from '@kronicle/contracts';
import { ageColumn, column, nameColumn } from '../columns';
import type { Printer } from '../printer';
import { swaggerDocs } from '../swagger-docs';
import { since } from '../timestamp';

interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
}

export const configMapPrinter: Printer = {
  columns: [nameColumn, column('Data', 'string', swaggerDocs.ConfigMap.data), ageColumn],
  cells(object, now) {
    const configMap = object as ConfigMap;
    const entries = Object.keys(configMap.data ?? {}).length + Object.keys(configMap.binaryData ?? {}).length;
    return [configMap.metadata.name ?? '', entries, since(configMap.metadata.creationTimestamp, now)];
  },
};
