import type { KubeObject } from '@kronicle/contracts';
import { ageColumn, column, nameColumn } from '../columns';
import type { Printer } from '../printer';
import { swaggerDocs } from '../swagger-docs';
import { since } from '../timestamp';

interface ControllerRevision extends KubeObject {
  revision?: number;
}

export const controllerRevisionPrinter: Printer = {
  columns: [nameColumn, column('Controller', 'string', 'Controller of the object'), column('Revision', 'string', swaggerDocs.ControllerRevision.revision), ageColumn],
  cells(object, now) {
    const revision = object as ControllerRevision;
    return [revision.metadata.name ?? '', controller(revision), revision.revision ?? 0, since(revision.metadata.creationTimestamp, now)];
  },
};

/** The controlling owner as `kind.group/name` in lower case ("statefulset.apps/web"), `<none>` without one. */
function controller(revision: ControllerRevision): string {
  const owner = revision.metadata.ownerReferences?.find((ref) => ref.controller);
  if (!owner) return '<none>';
  const group = owner.apiVersion.includes('/') ? owner.apiVersion.split('/')[0] : '';
  const groupKind = group ? `${owner.kind}.${group}` : owner.kind;
  return groupKind ? `${groupKind.toLowerCase()}/${owner.name}` : owner.name;
}
