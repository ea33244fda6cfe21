#!/usr/bin/env node
// `npm test`: build, lint (module boundaries), then every test tier with vitest, ending with
// the one-line summary CI reads: `tests: N passed, N failed, N skipped`.
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
step('lint (eslint, Nx module boundaries)', run(bin('eslint'), ['.']));

const report = join(mkdtempSync(join(tmpdir(), 'kronicle-tests-')), 'vitest.json');
const filters = process.argv.slice(2);
run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...filters]);
try {
  const results = JSON.parse(readFileSync(report, 'utf8'));
  passed += results.numPassedTests;
  failed += results.numFailedTests;
  skipped += results.numPendingTests + results.numTodoTests;
  // A file that failed to load counts as a failure even though none of its tests ran.
  failed += results.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
} catch (err) {
  console.log(`vitest produced no report (${err.message}): counting the run as failed`);
  failed++;
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 ? 0 : 1);
