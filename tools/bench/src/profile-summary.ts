import { readFileSync } from 'node:fs';

/**
 * `node tools/bench/dist/profile-summary.js <file.cpuprofile>`: where a measured process spent its
 * CPU (see BENCH_CPU_PROF in child.ts), as self time by function and by package, without DevTools.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const profile = JSON.parse(readFileSync(process.argv[2], 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfMs = new Map<number, number>();
profile.samples.forEach((id, i) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
const total = [...selfMs.values()].reduce((a, b) => a + b, 0);

const sum = (key: (node: ProfileNode) => string) => {
  const totals = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    const k = key(byId.get(id)!);
    totals.set(k, (totals.get(k) ?? 0) + ms);
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
};
const where = (url: string) =>
  url === '' ? '(native / V8)' : (/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? /\/(libs|services|tools)\/([^/]+)/.exec(url)?.slice(1).join('/') ?? url);
const show = (rows: [string, number][], n: number) =>
  rows.slice(0, n).map(([k, ms]) => `${((100 * ms) / total).toFixed(1).padStart(5)}%  ${ms.toFixed(0).padStart(6)} ms  ${k}`).join('\n');

console.log(`total ${total.toFixed(0)} ms sampled\n\nby package:\n${show(sum((n) => where(n.callFrame.url)), 12)}`);
console.log(`\nby function (self time):\n${show(sum((n) => `${n.callFrame.functionName || '(anonymous)'}  ${where(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`), 25)}`);
