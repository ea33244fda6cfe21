// Invariant 6 through the real path: the state rebuilt from the log (position 0, libs/projection's
// fold) equals what the API serves. A list is served from the API's projection at one position,
// which it names as the list's resourceVersion, so each list is compared with the log folded to
// exactly that position: no waiting for quiet, no tolerance.
import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '@kronicle/contracts';
import { catchUp, rebuildState, type LogReader } from '@kronicle/projection';
import type { Api } from './api';

interface Listed {
  group: string;
  resource: string;
  resourceVersion: number;
  items: KubeObject[];
}

export interface RebuildComparison {
  resources: number;
  objects: number;
  differences: string[];
}

const keyOf = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
/** Lists leave out each item's kind and apiVersion, as upstream's do. */
const comparable = (o: KubeObject) => {
  const { apiVersion: _apiVersion, kind: _kind, ...rest } = o;
  return rest;
};

export async function compareRebuildWithApi(reader: LogReader, api: Api): Promise<RebuildComparison> {
  // Which resources exist: those the log has objects of (rebuilt once to learn them).
  const head = await rebuildState(reader);
  const kinds = new Map<string, { group: string; resource: string; apiVersion: string }>();
  for (const s of head.all()) kinds.set(`${s.group}/${s.resource}`, { group: s.group, resource: s.resource, apiVersion: s.object.apiVersion });
  const lists: Listed[] = [];
  for (const { group, resource, apiVersion } of kinds.values()) {
    const path = group === '' ? `/api/v1/${resource}` : `/apis/${apiVersion}/${resource}`;
    const list = await api.get<{ metadata: { resourceVersion: string }; items: KubeObject[] }>(path);
    lists.push({ group, resource, resourceVersion: Number(list.metadata.resourceVersion), items: list.items });
  }
  lists.sort((a, b) => a.resourceVersion - b.resourceVersion);

  const differences: string[] = [];
  let objects = 0;
  const state = await rebuildState(reader, lists[0]?.resourceVersion ?? 0);
  for (const list of lists) {
    await catchUp(state, reader, list.resourceVersion);
    const rebuilt = new Map(state.list({ group: list.group, resource: list.resource }).map((s) => [keyOf(s.object), comparable(s.object)]));
    const served = new Map(list.items.map((o) => [keyOf(o), comparable(o)]));
    objects += served.size;
    const where = `${list.group || 'core'}/${list.resource}@${list.resourceVersion}`;
    for (const [key, object] of served) {
      const expected = rebuilt.get(key);
      if (!expected) differences.push(`${where} ${key}: served, not in the rebuilt state`);
      else if (!isDeepStrictEqual(object, expected)) differences.push(`${where} ${key}: served ${JSON.stringify(object).slice(0, 400)} rebuilt ${JSON.stringify(expected).slice(0, 400)}`);
    }
    for (const key of rebuilt.keys()) if (!served.has(key)) differences.push(`${where} ${key}: rebuilt, not served`);
  }
  return { resources: lists.length, objects, differences };
}
