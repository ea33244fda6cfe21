import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export type Kubectl = (args: string[], options?: { input?: string; timeoutMs?: number }) => Promise<KubectlResult>;

/** The installed kubectl, against a kubeconfig, with a discovery cache of its own (kubectl caches for hours). */
export function kubectlFor(kubeconfig: string): Kubectl {
  const cacheDir = mkdtempSync(join(tmpdir(), 'kubectl-cache-'));
  return (args, options = {}) =>
    new Promise((resolve, reject) => {
      const child = spawn('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code: code ?? -1, stdout, stderr });
      });
      child.stdin.end(options.input ?? '');
    });
}

/** The age column of an event in `kubectl describe`: `5s`, or `5s (x3 over 2m)` once counted. */
const DESCRIBED_EVENT_AGE = String.raw`\S+(?: \(x\d+ over \S+\))?`;

/** Matches one row of `kubectl describe`'s Events table; `message` is a regular expression source. */
export function describedEvent(type: string, reason: string, source: string, message: string): RegExp {
  return new RegExp(String.raw`${type}\s+${reason}\s+${DESCRIBED_EVENT_AGE}\s+${source}\s+${message}`);
}
