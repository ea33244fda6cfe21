import { describe, expect, it } from 'vitest';
import { eventually } from '@kronicle/testing';
import { example } from '../support/examples';
import { describedEvent } from '../support/kubectl';
import { meshSuite } from '../support/mesh-suite';

describe('DaemonSets through kubectl', () => {
  const { run } = meshSuite();
  const ds = ['-n', 'kube-system'];
  /** Each node's daemon pod and its image, as `node image` lines sorted. */
  const podsByNode = async () =>
    (await run('get', 'pods', ...ds, '-l', 'name=fluentd-elasticsearch', '-o', 'jsonpath={range .items[*]}{.spec.nodeName} {.spec.containers[0].image} {.metadata.deletionTimestamp}{"\\n"}{end}'))
      .trim()
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.split(' ').length === 2)
      .sort();

  it('runs the documentation’s fluentd-elasticsearch on every node: rollout status, get, describe', async () => {
    expect(await run('apply', '-f', example('daemonset.yaml'))).toBe('daemonset.apps/fluentd-elasticsearch created\n');
    expect(await run('rollout', 'status', 'ds/fluentd-elasticsearch', ...ds, '--timeout=60s')).toMatch('daemon set "fluentd-elasticsearch" successfully rolled out');
    expect(await podsByNode()).toEqual(['node-1 quay.io/fluentd_elasticsearch/fluentd:v5.0.1', 'node-2 quay.io/fluentd_elasticsearch/fluentd:v5.0.1', 'node-3 quay.io/fluentd_elasticsearch/fluentd:v5.0.1']);
    expect(await run('get', 'ds', ...ds)).toMatch(/\nfluentd-elasticsearch\s+3\s+3\s+3\s+3\s+3\s+<none>\s+\d+s\n$/);
    expect(await run('describe', 'ds', 'fluentd-elasticsearch', ...ds)).toMatch(describedEvent('Normal', 'SuccessfulCreate', 'daemonset-controller', 'Created pod: fluentd-elasticsearch-[a-z0-9]{5}'));
  }, 120_000);

  it('a new image rolls out node by node; rollout history lists both revisions, undo goes back', async () => {
    await run('set', 'image', 'ds/fluentd-elasticsearch', ...ds, 'fluentd-elasticsearch=quay.io/fluentd_elasticsearch/fluentd:v5.0.2');
    expect(await run('rollout', 'status', 'ds/fluentd-elasticsearch', ...ds, '--timeout=90s')).toMatch('daemon set "fluentd-elasticsearch" successfully rolled out');
    await eventually(async () => expect(await podsByNode()).toEqual(['node-1', 'node-2', 'node-3'].map((n) => `${n} quay.io/fluentd_elasticsearch/fluentd:v5.0.2`)));
    expect(await run('rollout', 'history', 'ds/fluentd-elasticsearch', ...ds)).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>\n/);
    expect(await run('rollout', 'undo', 'ds/fluentd-elasticsearch', ...ds)).toBe('daemonset.apps/fluentd-elasticsearch rolled back\n');
    expect(await run('rollout', 'status', 'ds/fluentd-elasticsearch', ...ds, '--timeout=90s')).toMatch('successfully rolled out');
    await eventually(async () => expect(await podsByNode()).toEqual(['node-1', 'node-2', 'node-3'].map((n) => `${n} quay.io/fluentd_elasticsearch/fluentd:v5.0.1`)));
    // The first revision, taken again, is now the newest.
    expect(await run('rollout', 'history', 'ds/fluentd-elasticsearch', ...ds)).toMatch(/REVISION\s+CHANGE-CAUSE\n2\s+<none>\n3\s+<none>\n/);
  }, 200_000);

  it('a node that taints itself NoExecute loses its daemon pod; deleting the DaemonSet deletes the rest', async () => {
    await run('taint', 'node', 'node-3', 'dedicated=db:NoExecute');
    await eventually(async () => expect((await podsByNode()).map((line) => line.split(' ')[0])).toEqual(['node-1', 'node-2']));
    expect(await run('get', 'ds', 'fluentd-elasticsearch', ...ds, '-o', 'jsonpath={.status.desiredNumberScheduled}')).toBe('2');
    await run('taint', 'node', 'node-3', 'dedicated=db:NoExecute-');
    expect(await run('delete', 'ds', 'fluentd-elasticsearch', ...ds)).toBe('daemonset.apps "fluentd-elasticsearch" deleted\n');
    await eventually(async () => expect(await run('get', 'pods', ...ds, '-l', 'name=fluentd-elasticsearch', '-o', 'name')).toBe(''), 60_000);
  }, 120_000);
});
