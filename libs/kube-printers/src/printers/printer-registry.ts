import type { Printer } from '../printer';
import { defaultPrinter } from './default';
import { deploymentPrinter } from './deployment';
import { nodePrinter } from './node';
import { podPrinter } from './pod';

/** Printers keyed by `<group>/<resource>`, the core group being ''. */
const printers = new Map<string, Printer>([
  ['/pods', podPrinter],
  ['/nodes', nodePrinter],
  ['apps/deployments', deploymentPrinter],
]);

export function printerFor(group: string, resource: string): Printer {
  return printers.get(`${group}/${resource}`) ?? defaultPrinter;
}
