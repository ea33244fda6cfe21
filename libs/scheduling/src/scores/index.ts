import { balancedAllocation } from './balanced-allocation';
import { leastAllocated } from './least-allocated';
import type { ScorePlugin } from './score';
import { topologySpread } from './topology-spread';

export type { ScorePlugin } from './score';
export const defaultScores: ScorePlugin[] = [leastAllocated, balancedAllocation, topologySpread];
