// Test helper (not exported from the package): builds a Kubernetes protobuf body with protobufjs from the vendored schema.
import { KUBERNETES_PROTOBUF_MAGIC, kubernetesProtobufRoot, messageTypeFor } from './decode';

export function encodeKubernetesProtobuf(apiVersion: string, kind: string, object: Record<string, unknown>): Buffer {
  const type = messageTypeFor(apiVersion, kind);
  if (!type) throw new Error(`no schema for ${apiVersion} ${kind}`);
  const raw = type.encode(type.fromObject(object)).finish();
  const unknownType = kubernetesProtobufRoot().lookupType('k8s.io.apimachinery.pkg.runtime.Unknown');
  const envelope = unknownType.encode(unknownType.fromObject({ typeMeta: { apiVersion, kind }, raw, contentEncoding: '', contentType: '' })).finish();
  return Buffer.concat([KUBERNETES_PROTOBUF_MAGIC, envelope]);
}
