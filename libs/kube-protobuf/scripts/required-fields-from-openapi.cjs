#!/usr/bin/env node
// Regenerates libs/kube-protobuf/proto/json-required-fields.json: for each vendored message, the fields that upstream's
// OpenAPI marks required. openapi-gen marks a field required when its Go JSON tag has no `omitempty` (and no
// `+optional`), so these are the fields that Go's encoding/json prints even when zero (`"currentHealthy": 0`), which
// a protobuf body (where gogo-protobuf writes every non-pointer field, zero or not) cannot tell apart by itself.
// Source: the Kubernetes 1.32 schemas Kronicle serves (`upstreamOpenApi()` of @kronicle/kube-resources; build it first).
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const protobuf = require('protobufjs');

const PROTO_DIR = join(__dirname, '..', 'proto');
const root = new protobuf.Root();
root.resolvePath = (_origin, target) => join(PROTO_DIR, target);
root.loadSync(
  ['core', 'apps', 'batch', 'policy', 'autoscaling', 'storage', 'discovery', 'scheduling', 'coordination', 'events', 'rbac', 'networking', 'authentication', 'authorization']
    .map((g) => `k8s.io/api/${g}/v1/generated.proto`)
    .concat(['k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto']),
  { keepCase: true },
);
const schemas = require('@kronicle/kube-resources').upstreamOpenApi().components.schemas;
const out = {};
(function walk(ns) {
  for (const nested of ns.nestedArray) {
    if (nested instanceof protobuf.Type) {
      const name = nested.fullName.slice(1);
      const required = schemas[`io.${name.replace(/^k8s\.io\./, 'k8s.')}`]?.required;
      const fields = (required ?? []).filter((f) => nested.fields[f]);
      if (fields.length) out[name] = fields;
    }
    if (nested.nestedArray) walk(nested);
  }
})(root);
writeFileSync(join(PROTO_DIR, 'json-required-fields.json'), JSON.stringify(out, null, 1) + '\n');
console.log(`${Object.keys(out).length} messages with required fields`);
