import { describe, expect, it } from 'vitest';
import { meshPerFile } from '../support/mesh-per-file';

describe('kubectl logs', () => {
  const { mesh, kubectl } = meshPerFile();

  it("returns the simulated container's log once it runs", async () => {
    const run = await kubectl(['run', 'talker', '--image=busybox:1.36', '--annotations=kronicle.dev/log-lines=hello\nworld', '--', 'sh', '-c', 'echo hello; echo world; sleep 3600']);
    expect(run.stdout).toBe('pod/talker created\n');
    const ready = await kubectl(['wait', '--for=condition=Ready', 'pod/talker', '--timeout=20s']);
    expect(ready.stdout + ready.stderr + (await kubectl(['get', 'pods,nodes', '-o', 'wide'])).stdout).toContain('condition met');

    // The simulated container writes one line a second.
    let logs = await kubectl(['logs', 'talker']);
    for (let i = 0; i < 50 && logs.stdout !== 'hello\nworld\n'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      logs = await kubectl(['logs', 'talker']);
    }
    expect(logs).toMatchObject({ code: 0, stdout: 'hello\nworld\n' });
    expect((await kubectl(['logs', 'talker', '--tail=1'])).stdout).toBe('world\n');
  });

  it('says so when the container is not valid', async () => {
    const wrong = await kubectl(['logs', 'talker', '-c', 'nope']);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('container nope is not valid for pod talker');
  });

  it('--timestamps, --since and --limit-bytes, as the kubelet serves them', async () => {
    const stamped = (await kubectl(['logs', 'talker', '--timestamps'])).stdout.split('\n');
    expect(stamped[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z hello$/);
    expect(Date.parse(stamped[1].split(' ')[0]) - Date.parse(stamped[0].split(' ')[0])).toBe(1000);
    expect((await kubectl(['logs', 'talker', '--since=1h'])).stdout).toBe('hello\nworld\n');
    expect((await kubectl(['logs', 'talker', '--since-time=2999-01-01T00:00:00Z'])).stdout).toBe('');
    expect((await kubectl(['logs', 'talker', '--limit-bytes=8'])).stdout).toBe('hello\nwo');
  });

  it('refuses options upstream refuses (422 PodLogOptions), and a previous instance that never was', async () => {
    const negative = await kubectl(['get', '--raw', '/api/v1/namespaces/default/pods/talker/log?tailLines=-2']);
    expect(negative.stderr).toContain('PodLogOptions "talker" is invalid: tailLines: Invalid value: -2: must be greater than or equal to 0');
    const both = await kubectl(['get', '--raw', '/api/v1/namespaces/default/pods/talker/log?sinceSeconds=5&sinceTime=2026-01-01T00:00:00Z']);
    expect(both.stderr).toContain('at most one of `sinceTime` or `sinceSeconds` may be specified');
    const previous = await kubectl(['logs', 'talker', '--previous']);
    expect(previous.stderr).toContain('previous terminated container "talker" in pod "talker" not found');
  });

  it('a container waiting in CrashLoopBackOff shows the log of the instance that crashed, as upstream’s kubelet serves it', async () => {
    const pod = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'crashy', annotations: { 'kronicle.dev/log-lines': 'boom', 'kronicle.dev/crash': 'true' } },
      spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] },
    });
    expect((await kubectl(['apply', '-f', '-'], { input: pod })).code).toBe(0);
    expect((await kubectl(['wait', '--for=jsonpath={.status.containerStatuses[0].state.waiting.reason}=CrashLoopBackOff', 'pod/crashy', '--timeout=30s'])).code).toBe(0);
    const logs = await kubectl(['logs', 'crashy']);
    expect(logs).toMatchObject({ code: 0, stdout: expect.stringMatching(/^boom\n\S+ c: exited with code 1\n$/) });
    expect((await kubectl(['logs', 'crashy', '--previous'])).stdout).toBe(logs.stdout);
  });

  it('-f streams each line as the container writes it and ends with the container', async () => {
    const pod = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'streamer', annotations: { 'kronicle.dev/log-lines': 'one\ntwo\nthree', 'kronicle.dev/run-seconds': '6' } },
      spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.36' }] },
    });
    expect((await kubectl(['apply', '-f', '-'], { input: pod })).code).toBe(0);
    expect((await kubectl(['wait', '--for=jsonpath={.status.phase}=Running', 'pod/streamer', '--timeout=20s'])).code).toBe(0);
    const started = Date.now();
    const ended = (args: string[]) => kubectl(args, { timeoutMs: 20_000 }).then((result) => ({ ...result, at: Date.now() }));
    const [followed, cut] = await Promise.all([ended(['logs', '-f', 'streamer']), ended(['logs', '-f', 'streamer', '--limit-bytes=6'])]);
    // The limit ends a followed log too, mid-line if it falls there, and without waiting for the container.
    expect(cut).toMatchObject({ code: 0, stdout: 'one\ntw' });
    expect(followed.at - cut.at).toBeGreaterThan(2000);
    expect(followed.code).toBe(0);
    expect(followed.stdout).toMatch(/^one\ntwo\nthree\n\S+ c: exited with code 0\n$/);
    // It waited for the container, which runs 6 s from its start.
    expect(Date.now() - started).toBeGreaterThan(500);
  });

  it('-f ends when the pod goes', async () => {
    const following = kubectl(['logs', '-f', 'talker'], { timeoutMs: 20_000 });
    await new Promise((r) => setTimeout(r, 1000));
    expect((await kubectl(['delete', 'pod', 'talker', '--wait=false'])).code).toBe(0);
    // The kubelet reports the container's end before the pod goes, so its last line comes too.
    expect((await following).stdout).toMatch(/^hello\nworld\n\S+ talker: exited with code 0\n$/);
  });
});
