import { describe, expect, it } from 'vitest';
import { schedulerOptionsFromEnv } from './config';

describe('scheduler settings', () => {
  it('percentageOfNodesToScore defaults to 0 (adaptive) and, as upstream validates it, must be 0 to 100', () => {
    expect(schedulerOptionsFromEnv({})).toEqual({ batchSize: 500, retryIntervalMs: 300_000, percentageOfNodesToScore: 0 });
    expect(schedulerOptionsFromEnv({ KRONICLE_SCHEDULER_PERCENTAGE_OF_NODES_TO_SCORE: '100' }).percentageOfNodesToScore).toBe(100);
    expect(() => schedulerOptionsFromEnv({ KRONICLE_SCHEDULER_PERCENTAGE_OF_NODES_TO_SCORE: '101' })).toThrow('between 0 and 100');
  });
});
