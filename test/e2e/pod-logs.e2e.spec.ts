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
});
