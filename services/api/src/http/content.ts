import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { decodeKubernetesProtobuf, isKubernetesProtobuf, KubeProtobufError } from '@kronicle/kube-protobuf';
import { errors } from '@kronicle/object-lifecycle';

/** How a response is encoded: plain JSON, YAML, or a meta.k8s.io Table (kubectl get). */
export type ResponseFormat = 'json' | 'yaml' | 'table';

/** Reads a request body in JSON or YAML, as upstream's serializers accept it. */
export function decodeBody(contentType: string | undefined, body: Buffer | undefined): unknown {
  const type = mediaType(contentType);
  if (isKubernetesProtobuf(type)) return decodeProtobuf(body);
  if (type.includes('protobuf') || type.includes('cbor')) throw errors.unsupportedMediaType(type);
  const text = body?.toString('utf8') ?? '';
  if (!text.trim()) throw errors.badRequest('the body of the request was empty');
  try {
    return type.endsWith('yaml') ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    throw errors.badRequest(`the body of the request could not be decoded: ${(err as Error).message}`);
  }
}

/** kubectl's typed commands (create configmap, create deployment, …) send protobuf. */
function decodeProtobuf(body: Buffer | undefined): unknown {
  try {
    return decodeKubernetesProtobuf(body ?? Buffer.alloc(0));
  } catch (err) {
    if (err instanceof KubeProtobufError) throw errors.badRequest(`the body of the request could not be decoded: ${err.message}`);
    throw err;
  }
}

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? 'application/json').split(';')[0].trim().toLowerCase();
}

/** Picks the first acceptable representation in the Accept header, as kubectl lists them in preference order. */
export function negotiate(accept: string | undefined): ResponseFormat {
  if (!accept) return 'json';
  for (const clause of accept.split(',')) {
    const [type, ...params] = clause.split(';').map((s) => s.trim().toLowerCase());
    const as = params.find((p) => p.startsWith('as='))?.slice(3);
    if (as === 'table' && (type === 'application/json' || type === '*/*')) return 'table';
    if (as) continue;
    if (type === 'application/yaml') return 'yaml';
    if (type === 'application/json' || type === '*/*' || type === 'application/*') return 'json';
  }
  if (accept.includes('protobuf')) return 'json';
  throw errors.notAcceptable(accept);
}

export function encode(format: ResponseFormat, value: unknown): { contentType: string; body: string } {
  if (format === 'yaml') return { contentType: 'application/yaml', body: toYaml(value) };
  return { contentType: 'application/json', body: JSON.stringify(value) };
}
