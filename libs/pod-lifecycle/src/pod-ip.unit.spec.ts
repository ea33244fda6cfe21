import { describe, expect, it } from 'vitest';
import { crashLoopBackOffSeconds } from './back-off';
import { allocatePodIp, cidrContains } from './pod-ip';

describe('pod IPs and back-off', () => {
  it('hands out the first free address of the podCIDR', () => {
    expect(allocatePodIp('10.244.1.0/24', [])).toBe('10.244.1.2');
    expect(allocatePodIp('10.244.1.0/24', ['10.244.1.2', '10.244.1.3'])).toBe('10.244.1.4');
    expect(allocatePodIp('10.244.1.0/30', ['10.244.1.2'])).toBeUndefined();
    expect(cidrContains('10.244.1.0/24', '10.244.1.77')).toBe(true);
    expect(cidrContains('10.244.1.0/24', '10.244.2.1')).toBe(false);
  });

  it('CrashLoopBackOff: immediate, then 10 s doubling to 5 min', () => {
    expect([0, 1, 2, 3, 5, 6, 10].map(crashLoopBackOffSeconds)).toEqual([0, 10, 20, 40, 160, 300, 300]);
  });
});
