#!/usr/bin/env node
// `npm test`: build, lint (module boundaries), then every test tier with vitest — unit, integration
// and end-to-end in one run, then the container tier (*.container.spec.ts: Docker engine and images
// prepared by infra/images/ensure-docker.sh) in another — ending with the one-line summary CI
// reads: `tests: N passed, N failed, N skipped`. `npm test -- <filters>` passes filters to vitest.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const bin = (name) => join(root, 'node_modules/.bin', name);
const env = { ...process.env, PATH: `${join(root, 'node_modules/.bin')}:${process.env.PATH}`, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit' }).status === 0;

let passed = 0;
let failed = 0;
let skipped = 0;
const step = (name, ok) => {
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}`);
  if (ok) passed++;
  else failed++;
  return ok;
};

if (!step('build (tsc -b)', run(bin('tsc'), ['-b', 'tsconfig.build.json']))) {
  console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exit(1);
}
run(bin('nx'), ['show', 'projects', '--json']) || console.log('nx project graph could not be computed');
step('type-check of the tests (tsc -p test/tsconfig.json)', run(bin('tsc'), ['-p', 'test/tsconfig.json']));
step('lint (eslint, Nx module boundaries)', run(bin('eslint'), ['.']));

const filters = process.argv.slice(2);
const CONTAINER_SPECS = '.container.spec.ts';

/** One vitest run; adds its counts to the totals and returns its report (undefined if none). */
function vitest(args, extraEnv = {}) {
  const report = join(mkdtempSync(join(tmpdir(), 'kronicle-tests-')), 'vitest.json');
  spawnSync(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args], { cwd: root, env: { ...env, ...extraEnv }, stdio: 'inherit' });
  try {
    const results = JSON.parse(readFileSync(report, 'utf8'));
    passed += results.numPassedTests;
    failed += results.numFailedTests;
    skipped += results.numPendingTests + results.numTodoTests;
    // A file that failed without a failed test (it did not load, or a beforeAll/afterAll hook failed and
    // its tests were skipped) counts as one failure: its skipped tests must not let the run pass.
    failed += results.testResults.filter((f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed')).length;
    return results;
  } catch (err) {
    console.log(`vitest produced no report (${err.message}): counting the run as failed`);
    failed++;
    return undefined;
  }
}

// Unit, integration and end-to-end tiers (unless the filters name only container specs).
if (filters.length === 0 || filters.some((f) => !f.includes('container'))) vitest([...filters, `--exclude=**/*${CONTAINER_SPECS}`]);

// The container tier (*.container.spec.ts) needs a Docker engine and the images: ensure-docker.sh
// installs and starts what is missing and builds what is out of date. When no engine can be had,
// the tier's tests skip themselves, counted as skipped and never as passed, and this says why.
const containerFilters = filters.length === 0 ? [CONTAINER_SPECS] : filters.filter((f) => f.includes('container'));
if (containerFilters.length > 0) {
  const started = Date.now();
  let reason;
  const images = {}; // KRONICLE_*_IMAGE: the exact images of this tree (others may share the engine)
  if (process.env.KRONICLE_CONTAINER_TESTS === 'skip') {
    reason = process.env.KRONICLE_CONTAINER_TESTS_REASON || 'KRONICLE_CONTAINER_TESTS=skip';
  } else {
    const ensure = spawnSync('bash', [join(root, 'infra/images/ensure-docker.sh'), '--no-tsc'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    process.stdout.write(ensure.stdout ?? '');
    process.stderr.write(ensure.stderr ?? '');
    for (const [, name, value] of (ensure.stdout ?? '').matchAll(/^(KRONICLE_[A-Z]+_IMAGE)=(\S+)$/gm)) images[name] = value;
    const lastLine = (ensure.stderr ?? '').trim().split('\n').pop() ?? '';
    if (ensure.status === 3) reason = lastLine.replace(/^\[ensure-docker\] UNAVAILABLE: /, '');
    else if (!step(`container engine and images (infra/images/ensure-docker.sh)`, ensure.status === 0)) reason = `the images did not build: ${lastLine}`;
  }
  const imagesSeconds = Math.round((Date.now() - started) / 1000);
  const banner = (text) => console.log(`\n${'!'.repeat(100)}\n!! ${text}\n!! its tests are counted as skipped, not passed\n${'!'.repeat(100)}\n`);
  if (reason) banner(`CONTAINER TIER WILL NOT RUN: ${reason}`);
  const testsStarted = Date.now();
  const results = vitest(containerFilters, reason ? { KRONICLE_CONTAINER_TESTS: 'skip', KRONICLE_CONTAINER_TESTS_REASON: reason } : images);
  const testsSeconds = Math.round((Date.now() - testsStarted) / 1000);
  const tests = (results?.testResults ?? []).flatMap((f) => f.assertionResults);
  const count = (...statuses) => tests.filter((t) => statuses.includes(t.status)).length;
  console.log(`container tier: ${count('passed')} passed, ${count('failed')} failed, ${count('skipped', 'pending', 'todo')} skipped; engine and images ${imagesSeconds}s, tests ${testsSeconds}s`);
  if (reason) banner(`CONTAINER TIER DID NOT RUN: ${reason}`);
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 ? 0 : 1);
