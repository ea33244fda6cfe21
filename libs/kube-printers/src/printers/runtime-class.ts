import type { KubeObject } from '@kronicle/contracts';
import { ageColumn, column, nameColumn } from '../columns';
import type { Printer } from '../printer';
import { since } from '../timestamp';

interface RuntimeClass extends KubeObject {
  handler?: string;
}

const HANDLER_DOC =
  'handler specifies the underlying runtime and configuration that the CRI implementation will use to handle pods of this class. The possible values are specific to the node & CRI configuration.  It is assumed that all handlers are available on every node, and handlers of the same name are equivalent on every node. For example, a handler called "runc" might specify that the runc OCI runtime (using native Linux containers) will be used to run the containers in a pod. The Handler must be lowercase, conform to the DNS Label (RFC 1123) requirements, and is immutable.';

export const runtimeClassPrinter: Printer = {
  columns: [nameColumn, column('Handler', 'string', HANDLER_DOC), ageColumn],
  cells(object, now) {
    const runtimeClass = object as RuntimeClass;
    return [runtimeClass.metadata.name ?? '', runtimeClass.handler ?? '', since(runtimeClass.metadata.creationTimestamp, now)];
  },
};
