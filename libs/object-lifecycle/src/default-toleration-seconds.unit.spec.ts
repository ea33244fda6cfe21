import { describe, expect, it } from 'vitest';
import { withDefaultTolerationSeconds } from './default-toleration-seconds';

const pod = (tolerations?: object[]) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: { containers: [], ...(tolerations ? { tolerations } : {}) } });

describe('DefaultTolerationSeconds admission', () => {
  it('adds 300 s tolerations for not-ready and unreachable', () => {
    expect((withDefaultTolerationSeconds(pod()).spec as { tolerations: object[] }).tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
  });

  it('keeps the pod own tolerations and adds only what is missing', () => {
    const own = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 2 };
    expect((withDefaultTolerationSeconds(pod([own])).spec as { tolerations: object[] }).tolerations).toEqual([
      own,
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    const everything = pod([{ operator: 'Exists' }]);
    expect(withDefaultTolerationSeconds(everything)).toBe(everything);
  });
});
