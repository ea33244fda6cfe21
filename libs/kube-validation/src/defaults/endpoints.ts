import type { Json } from '../validation/common';

/** Upstream discovery/v1 `SetDefaults_EndpointPort`. */
export function defaultEndpointSlice(slice: Json): void {
  for (const port of slice.ports ?? []) {
    port.name ??= '';
    port.protocol ||= 'TCP';
  }
}

/** Upstream core/v1 `SetDefaults_EndpointPort` for every subset. */
export function defaultEndpoints(endpoints: Json): void {
  for (const subset of endpoints.subsets ?? []) for (const port of subset.ports ?? []) port.protocol ||= 'TCP';
}
