#!/usr/bin/env node
// Regenerates libs/kube-protobuf/proto/ from the file descriptors compiled into a kubectl binary.
//
// Every upstream `generated.pb.go` registers its `generated.proto` as a gzipped FileDescriptorProto
// (`proto.RegisterFile("k8s.io/api/core/v1/generated.proto", fileDescriptor_…)`), so a kubectl binary carries the
// exact schema it marshals request bodies with. This script finds those descriptors, decodes them with protobufjs'
// descriptor extension and prints them back as proto2 source (upstream's comments are not in the descriptors).
//
// usage: node libs/kube-protobuf/scripts/extract-from-kubectl.cjs [/path/to/kubectl]
const { readFileSync, writeFileSync, mkdirSync } = require('node:fs');
const { execFileSync } = require('node:child_process');
const { dirname, join } = require('node:path');
const { inflateRawSync, crc32, constants } = require('node:zlib');
const protobuf = require('protobufjs');
const descriptor = require('protobufjs/ext/descriptor');

// The gogo-protobuf field options go-to-protobuf compiles into the descriptors (it strips them from the committed
// generated.proto). They say how the Go struct looks: `nullable = false` is a non-pointer field, `customname` the Go
// field name (an embedded struct's is its type's name), `casttype`/`castkey`/`castvalue` the named Go types.
const GOGO = ['nullable', 'embed', 'customtype', 'customname', 'jsontag', 'moretags', 'casttype', 'castkey', 'castvalue'];
GOGO.forEach((name, i) => descriptor.FieldOptions.add(new protobuf.Field(name, 65001 + i, name === 'nullable' || name === 'embed' ? 'bool' : 'string')));
const GOGO_IMPORT = 'github.com/gogo/protobuf/gogoproto/gogo.proto';

const KUBECTL = process.argv[2] ?? '/usr/lib/google-cloud-sdk/bin/kubectl.1.32';
const OUT = join(__dirname, '..', 'proto');
const WANTED = [
  'k8s.io/api/core/v1/generated.proto',
  'k8s.io/api/apps/v1/generated.proto',
  'k8s.io/api/batch/v1/generated.proto',
  'k8s.io/api/policy/v1/generated.proto',
  'k8s.io/api/autoscaling/v1/generated.proto',
  'k8s.io/api/storage/v1/generated.proto',
  'k8s.io/api/discovery/v1/generated.proto',
  'k8s.io/api/scheduling/v1/generated.proto',
  'k8s.io/api/coordination/v1/generated.proto',
  'k8s.io/api/events/v1/generated.proto',
  'k8s.io/api/rbac/v1/generated.proto',
  'k8s.io/api/networking/v1/generated.proto',
  'k8s.io/api/authentication/v1/generated.proto',
  'k8s.io/api/authorization/v1/generated.proto',
  'k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto',
  'k8s.io/apimachinery/pkg/api/resource/generated.proto',
  'k8s.io/apimachinery/pkg/util/intstr/generated.proto',
  'k8s.io/apimachinery/pkg/runtime/generated.proto',
  'k8s.io/apimachinery/pkg/runtime/schema/generated.proto',
];

const version = JSON.parse(execFileSync(KUBECTL, ['version', '--client', '-o', 'json'], { encoding: 'utf8' })).clientVersion;
const binary = readFileSync(KUBECTL);
const files = new Map();
const magic = Buffer.from([0x1f, 0x8b, 0x08]);
for (let i = binary.indexOf(magic); i >= 0; i = binary.indexOf(magic, i + 1)) {
  // Go's compress/gzip writes a bare 10-byte header (no name, no extra); inflate exactly one member and check its
  // trailer (CRC-32 and size), so that adjacent descriptors are never merged.
  if (binary[i + 3] !== 0) continue;
  let raw;
  try {
    raw = inflateRawSync(binary.subarray(i + 10, i + 10 + (1 << 20)), { finishFlush: constants.Z_SYNC_FLUSH, info: true });
  } catch {
    continue;
  }
  const consumed = raw.engine.bytesWritten;
  raw = raw.buffer;
  const trailer = i + 10 + consumed;
  if (binary.readUInt32LE(trailer) !== crc32(raw) || binary.readUInt32LE(trailer + 4) !== raw.length) continue;
  if (raw[0] !== 0x0a) continue;
  let file;
  try {
    file = descriptor.FileDescriptorProto.decode(raw);
  } catch {
    continue;
  }
  if (typeof file.name === 'string' && file.name.startsWith('k8s.io/') && file.name.endsWith('.proto')) files.set(file.name, file);
}

const SCALARS = {
  1: 'double', 2: 'float', 3: 'int64', 4: 'uint64', 5: 'int32', 6: 'fixed64', 7: 'fixed32', 8: 'bool', 9: 'string',
  12: 'bytes', 13: 'uint32', 15: 'sfixed32', 16: 'sfixed64', 17: 'sint32', 18: 'sint64',
};
const LABELS = { 1: 'optional', 2: 'required', 3: 'repeated' };
const typeName = (field) => (field.typeName ? field.typeName : SCALARS[field.type]);
function fieldOptions(field) {
  const options = field.options ? descriptor.FieldOptions.toObject(field.options) : {};
  const list = GOGO.filter((name) => options[name] !== undefined).map((name) => `(gogoproto.${name}) = ${JSON.stringify(options[name])}`);
  if (field.defaultValue !== undefined && field.defaultValue !== '') list.unshift(`default = ${field.type === 9 ? JSON.stringify(field.defaultValue) : field.defaultValue}`);
  return list.length ? ` [${list.join(', ')}]` : '';
}

function printMessage(message, indent) {
  const pad = '  '.repeat(indent);
  const entries = new Map((message.nestedType ?? []).filter((n) => n.options?.mapEntry).map((n) => [n.name, n]));
  const lines = [`${pad}message ${message.name} {`];
  for (const nested of message.nestedType ?? []) {
    if (!nested.options?.mapEntry) lines.push(...printMessage(nested, indent + 1), '');
  }
  for (const e of message.enumType ?? []) {
    lines.push(`${pad}  enum ${e.name} {`, ...e.value.map((v) => `${pad}    ${v.name} = ${v.number};`), `${pad}  }`, '');
  }
  for (const field of message.field ?? []) {
    const entryName = field.typeName?.split('.').pop();
    const entry = field.label === 3 && entries.get(entryName);
    if (entry) {
      const [k, v] = entry.field;
      lines.push(`${pad}  map<${typeName(k)}, ${typeName(v)}> ${field.name} = ${field.number}${fieldOptions(field)};`);
    } else {
      lines.push(`${pad}  ${LABELS[field.label]} ${typeName(field)} ${field.name} = ${field.number}${fieldOptions(field)};`);
    }
  }
  lines.push(`${pad}}`);
  return lines;
}

const imports = (file) => (file.dependency ?? []).filter((d) => d !== GOGO_IMPORT);
function printFile(file) {
  const lines = [
    `// Extracted from kubectl ${version.gitVersion} (kubernetes/kubernetes commit ${version.gitCommit}): the file descriptor`,
    `// that upstream's generated.pb.go registers for ${file.name}.`,
    '// Generated by libs/kube-protobuf/scripts/extract-from-kubectl.cjs: do not edit. Upstream license: Apache-2.0.',
    '// Field options (gogoproto.*) are the gogo-protobuf annotations compiled into the descriptor; their definitions',
    `// (${GOGO_IMPORT}) are not vendored: protobufjs keeps unresolved custom options as plain values.`,
    '',
    `syntax = "${file.syntax || 'proto2'}";`,
    '',
    `package ${file.package};`,
    '',
    ...imports(file).map((d) => `import "${d}";`),
    ...(imports(file).length ? [''] : []),
    ...(file.options?.goPackage ? [`option go_package = "${file.options.goPackage}";`, ''] : []),
  ];
  for (const message of file.messageType ?? []) lines.push(...printMessage(message, 0), '');
  for (const e of file.enumType ?? []) lines.push(`enum ${e.name} {`, ...e.value.map((v) => `  ${v.name} = ${v.number};`), '}', '');
  return lines.join('\n');
}

const todo = [...WANTED];
const done = new Set();
while (todo.length) {
  const name = todo.shift();
  if (done.has(name)) continue;
  const file = files.get(name);
  if (!file) throw new Error(`${KUBECTL} has no descriptor for ${name}`);
  done.add(name);
  todo.push(...imports(file));
  const target = join(OUT, name);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, printFile(file));
  console.log(`${name}: ${(file.messageType ?? []).length} messages`);
}
