import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { strictDecodingMessage, unknownFieldErrors } from './index';

const examples = join(__dirname, '../../../test/k8s-examples');
const manifests = readdirSync(examples)
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((f) => parseAllDocuments(readFileSync(join(examples, f), 'utf8')).map((d, i) => [`${f}#${i}`, d.toJS()] as const))
  .filter(([, object]) => object);

const deployment = () => structuredClone(manifests.find(([, o]) => o.kind === 'Deployment')![1]);

describe('unknownFieldErrors', () => {
  it.each(manifests)('finds nothing wrong in the docs manifest %s', (_, object) => {
    expect(unknownFieldErrors(object)).toEqual([]);
  });

  it('names unknown fields by their path, in field order, as upstream strict decoding does', () => {
    const object = deployment();
    object.spec.foo = 1;
    object.spec.template.spec.containers[0].imagePullPolicyy = 'Always';
    object.metadata.labelz = {};
    expect(unknownFieldErrors(object)).toEqual([
      'unknown field "metadata.labelz"',
      'unknown field "spec.template.spec.containers[0].imagePullPolicyy"',
      'unknown field "spec.foo"',
    ]);
  });

  it('accepts any key in maps and any content in free-form fields', () => {
    const object = deployment();
    object.metadata.annotations = { 'anything.example.com/x': 'y' };
    object.spec.template.spec.nodeSelector = { 'kubernetes.io/os': 'linux' };
    expect(unknownFieldErrors(object)).toEqual([]);
  });

  it('ignores kinds it does not serve', () => {
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', spec: { foo: 1 } };
    expect(unknownFieldErrors(widget)).toEqual([]);
  });

  it('formats the 400 message of fieldValidation=Strict', () => {
    expect(strictDecodingMessage('Deployment', 'v1', ['unknown field "spec.foo"'])).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.foo"',
    );
  });
});
