import { errors } from '@kronicle/object-lifecycle';
import { describe, expect, it } from 'vitest';
import { statusResponse } from './responses';

describe('statusResponse: a failure as the client sees it', () => {
  it('an eviction refused while the budget is being processed says when to retry, in the Status and in Retry-After', () => {
    const refusal = errors.tooManyRequests("Cannot evict pod as it would violate the pod's disruption budget.", [{ reason: 'DisruptionBudget', message: 'The disruption budget web is still being processed by the server.' }], 10);
    const response = statusResponse(refusal.status);
    expect(response).toMatchObject({ kind: 'body', status: 429, headers: { 'retry-after': '10' } });
    expect(JSON.parse(response.kind === 'body' ? response.body : '')).toMatchObject({ code: 429, details: { retryAfterSeconds: 10 } });
  });

  it('a refusal without a retry time has no Retry-After', () => {
    const refusal = errors.tooManyRequests("Cannot evict pod as it would violate the pod's disruption budget.", [{ reason: 'DisruptionBudget', message: 'The disruption budget web needs 2 healthy pods and has 2 currently' }]);
    const response = statusResponse(refusal.status);
    expect(response).toMatchObject({ status: 429 });
    expect(response.kind === 'body' && response.headers).toBeFalsy();
  });

  it('a timeout reads as upstream’s NewTimeoutError: "Timeout: " first, and details even when empty', () => {
    const response = statusResponse(errors.timeout('the API server is still reading the log; try again shortly').status);
    expect(JSON.parse(response.kind === 'body' ? response.body : '')).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Timeout: the API server is still reading the log; try again shortly',
      reason: 'Timeout',
      details: {},
      code: 504,
    });
  });
});
