import { readFileSync } from 'node:fs';

/**
 * `node tools/bench/dist/profile-summary.js <file.cpuprofile> [last-seconds]`: where a process spent
 * its CPU (see BENCH_CPU_PROF in child.ts), as self time by function and by package, without
 * DevTools. With `last-seconds`, only the end of the profile counts (e.g. the API run after its
 * baseline, when the mesh was profiled with NODE_OPTIONS=--cpu-prof).
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
  endTime: number;
}

const profile = JSON.parse(readFileSync(process.argv[2], 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const lastSeconds = Number(process.argv[3] ?? Infinity);
const selfMs = new Map<number, number>();
// Sample times are the start time plus the running sum of deltas; walk back from the end.
let at = profile.endTime;
for (let i = profile.samples.length - 1; i >= 0 && profile.endTime - at <= lastSeconds * 1e6; i--) {
  const id = profile.samples[i];
  selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
  at -= profile.timeDeltas[i] ?? 0;
}
const total = [...selfMs.values()].reduce((a, b) => a + b, 0);
const busy = total - [...selfMs].filter(([id]) => byId.get(id)!.callFrame.functionName === '(idle)').reduce((a, [, ms]) => a + ms, 0);

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

console.log(`total ${total.toFixed(0)} ms sampled, ${busy.toFixed(0)} ms busy (${((100 * busy) / total).toFixed(0)}% of one core)\n\nby package:\n${show(sum((n) => where(n.callFrame.url)), 12)}`);
console.log(`\nby function (self time):\n${show(sum((n) => `${n.callFrame.functionName || '(anonymous)'}  ${where(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`), 25)}`);
