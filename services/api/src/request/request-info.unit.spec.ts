import { describe, expect, it } from 'vitest';
import { parseRequestInfo } from './request-info';

const info = (method: string, url: string) => {
  const { pathname, searchParams } = new URL(url, 'https://kronicle');
  return parseRequestInfo({ method, path: pathname, query: searchParams });
};

describe('parseRequestInfo', () => {
  it.each([
    ['GET', '/api/v1/pods', { group: '', version: 'v1', resource: 'pods', verb: 'list' }],
    ['GET', '/api/v1/namespaces/default/pods/web-0', { namespace: 'default', resource: 'pods', name: 'web-0', verb: 'get' }],
    ['GET', '/api/v1/namespaces/default/pods/web-0/log', { resource: 'pods', name: 'web-0', subresource: 'log' }],
    ['GET', '/apis/apps/v1/namespaces/ns1/deployments?watch=1', { group: 'apps', namespace: 'ns1', resource: 'deployments', verb: 'watch' }],
    ['PATCH', '/apis/apps/v1/namespaces/ns1/deployments/web/scale', { group: 'apps', resource: 'deployments', name: 'web', subresource: 'scale', verb: 'patch' }],
    ['GET', '/api/v1/namespaces/default', { resource: 'namespaces', name: 'default', namespace: undefined, verb: 'get' }],
    ['PUT', '/api/v1/namespaces/default/finalize', { resource: 'namespaces', name: 'default', subresource: 'finalize', verb: 'update' }],
    ['DELETE', '/api/v1/namespaces/default/configmaps', { resource: 'configmaps', namespace: 'default', verb: 'deletecollection' }],
    ['POST', '/apis/batch/v1/namespaces/default/jobs', { group: 'batch', resource: 'jobs', verb: 'create' }],
    ['PUT', '/api/v1/namespaces/default/status', { resource: 'namespaces', name: 'default', subresource: 'status', namespace: undefined }],
    ['GET', '/api/v1/namespaces/my%20ns/pods', { namespace: 'my ns', resource: 'pods', name: undefined, subresource: undefined, verb: 'list' }],
    ['GET', '/apis/apps/v1/deployments', { group: 'apps', version: 'v1', namespace: undefined, resource: 'deployments', verb: 'list' }],
    // A proxy's own path goes on past the subresource.
    ['GET', '/api/v1/nodes/node-1/proxy/configz', { resource: 'nodes', name: 'node-1', subresource: 'proxy', verb: 'get' }],
    ['GET', '/api/v1/namespaces/default/services/http:web:80/proxy/', { resource: 'services', name: 'http:web:80', subresource: 'proxy' }],
  ])('%s %s', (method, url, expected) => {
    expect(info(method, url)).toMatchObject(expected);
  });

  it('leaves discovery paths alone', () => {
    expect(info('GET', '/api/v1/namespaces/default/pods/web-0/status/extra')).toBeUndefined();
    expect(info('GET', '/api')).toBeUndefined();
    expect(info('GET', '/api/v1')).toBeUndefined();
    expect(info('GET', '/apis/apps/v1')).toBeUndefined();
  });
});
