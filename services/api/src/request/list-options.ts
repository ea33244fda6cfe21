import { type FieldCause, fieldForbidden, fieldNotSupported, invalidMessage } from '@kronicle/kube-validation';
import { errors } from '@kronicle/object-lifecycle';

/**
 * Which state a list reads, from its `resourceVersion` and `resourceVersionMatch` (upstream's
 * semantics): the latest (none, or "0"), one at least as new as a log position (`NotOlderThan`, the
 * default for a bare resourceVersion), or the cluster exactly as it was at a log position (`Exact`).
 * Kronicle keeps the whole log, so no past position is ever too old (upstream: 410 once compacted).
 */
export type ListRead = { kind: 'latest' } | { kind: 'notOlderThan' | 'exact'; position: number };

/** What a list reads, once upstream's ValidateListOptions passes (a 422 on `ListOptions.meta.k8s.io` otherwise). */
export function listRead(query: URLSearchParams): ListRead {
  const resourceVersion = query.get('resourceVersion') ?? '';
  const match = query.get('resourceVersionMatch') ?? '';
  refuseIfAny(listCauses(query, resourceVersion, match));
  const position = positionAsked(resourceVersion);
  if (position === undefined) return { kind: 'latest' };
  if (query.get('continue')) throw errors.badRequest('specifying resource version is not allowed when using continue');
  return { kind: match === 'Exact' ? 'exact' : 'notOlderThan', position };
}

/** The log position a read's `resourceVersion` asks for; undefined for none or "0" (any, the latest). */
export function positionAsked(resourceVersion: string | null): number | undefined {
  if (!resourceVersion || resourceVersion === '0') return undefined;
  if (!/^\d+$/.test(resourceVersion) || !Number.isSafeInteger(Number(resourceVersion))) {
    throw errors.badRequest(`resourceVersion: Invalid value: ${JSON.stringify(resourceVersion)}: must be a log position (a non-negative integer)`);
  }
  return Number(resourceVersion);
}

function listCauses(query: URLSearchParams, resourceVersion: string, match: string): FieldCause[] {
  const causes: FieldCause[] = [];
  if (match) {
    if (!resourceVersion) causes.push(fieldForbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden unless resourceVersion is provided'));
    if (query.get('continue')) causes.push(fieldForbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
    if (match !== 'Exact' && match !== 'NotOlderThan') causes.push(fieldNotSupported('resourceVersionMatch', match, ['Exact', 'NotOlderThan', '']));
    if (match === 'Exact' && resourceVersion === '0') causes.push(fieldForbidden('resourceVersionMatch', 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'));
  }
  if (query.has('sendInitialEvents')) causes.push(fieldForbidden('sendInitialEvents', 'sendInitialEvents is forbidden for list'));
  return causes;
}

/** Upstream's ValidateListOptions for a watch: resourceVersionMatch only with sendInitialEvents, and NotOlderThan. */
export function validateWatchOptions(query: URLSearchParams): void {
  refuseIfAny(watchCauses(query, query.get('resourceVersionMatch') ?? ''));
}

function refuseIfAny(causes: FieldCause[]): void {
  if (causes.length > 0) throw errors.invalid('ListOptions', 'meta.k8s.io', '', invalidMessage('ListOptions', 'meta.k8s.io', '', causes), causes);
}

function watchCauses(query: URLSearchParams, match: string): FieldCause[] {
  const causes: FieldCause[] = [];
  const sendInitialEvents = query.has('sendInitialEvents');
  if (sendInitialEvents && match !== 'NotOlderThan') causes.push(fieldForbidden('resourceVersionMatch', 'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan'));
  if (match) {
    if (!sendInitialEvents) causes.push(fieldForbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided'));
    if (match !== 'NotOlderThan') causes.push(fieldNotSupported('resourceVersionMatch', match, ['NotOlderThan']));
    if (query.get('continue')) causes.push(fieldForbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
  }
  return causes;
}
