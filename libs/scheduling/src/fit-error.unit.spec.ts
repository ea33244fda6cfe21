import { describe, expect, it } from 'vitest';
import { fitErrorMessage, preemptionMessage } from './fit-error';

describe('fitErrorMessage (upstream FitError and preemption message)', () => {
  it('counts reasons over nodes, sorted', () => {
    const cpu = { reasons: ['Insufficient cpu'], unresolvable: false };
    const taint = { reasons: ['node(s) had untolerated taint {a: b}'], unresolvable: true };
    const withPreemption = (statuses: typeof cpu[]) => fitErrorMessage(3, statuses, preemptionMessage(3, statuses));
    expect(withPreemption([cpu, cpu, cpu])).toBe('0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.');
    expect(withPreemption([cpu, taint, cpu])).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {a: b}, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
    );
  });

  it('without the preemption part when preemption nominated a node', () => {
    expect(fitErrorMessage(1, [{ reasons: ['Insufficient cpu'], unresolvable: false }])).toBe('0/1 nodes are available: 1 Insufficient cpu.');
  });

  it('says so when there are no nodes', () => {
    expect(fitErrorMessage(0, [])).toBe('0/0 nodes are available.');
  });
});
