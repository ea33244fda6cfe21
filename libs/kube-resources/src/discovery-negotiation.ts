import Negotiator from 'negotiator';
import { aggregatedDiscovery, type AggregatedDiscoveryVersion } from './aggregated-discovery';
import { apiGroupList, apiVersions } from './legacy-discovery';

const JSON_TYPE = 'application/json';
const aggregatedType = (v: AggregatedDiscoveryVersion) =>
  `application/json;g=apidiscovery.k8s.io;v=${v};as=APIGroupDiscoveryList`;

// Plain JSON comes first: for a bare `application/json` or `*/*` the tie goes to the earlier offer,
// and upstream answers those with the legacy document.
const offers = [JSON_TYPE, aggregatedType('v2'), aggregatedType('v2beta1')];

export interface DiscoveryResponse {
  contentType: string;
  body: unknown;
}

/**
 * What to answer on `GET /api` or `GET /apis` for a request's Accept header: the aggregated
 * APIGroupDiscoveryList when the client asks for it (kubectl ≥ 1.26 does), else the legacy document.
 * The response must also carry `Vary: Accept`. Undefined means 406 Not Acceptable.
 */
export function negotiateDiscovery(
  root: 'api' | 'apis',
  accept: string | undefined,
  serverAddress: string,
): DiscoveryResponse | undefined {
  const chosen = new Negotiator({ headers: { accept: accept || '*/*' } }).mediaType(offers);
  if (chosen === undefined) return undefined;
  if (chosen === JSON_TYPE) {
    return { contentType: JSON_TYPE, body: root === 'api' ? apiVersions(serverAddress) : apiGroupList() };
  }
  const version: AggregatedDiscoveryVersion = chosen === aggregatedType('v2') ? 'v2' : 'v2beta1';
  return { contentType: chosen, body: aggregatedDiscovery(root, version) };
}
