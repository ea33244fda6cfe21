import type { Json } from '../validation/common';
import { canonicalResourceList } from './quantities';

/** Upstream `SetDefaults_NodeStatus`: allocatable defaults to capacity. */
export function defaultNode(node: Json): void {
  if (!node.status) return;
  canonicalResourceList(node.status.capacity);
  if (node.status.capacity && !node.status.allocatable) node.status.allocatable = { ...node.status.capacity };
  canonicalResourceList(node.status.allocatable);
}
