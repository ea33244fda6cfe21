import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kronicle/contracts';
import { applyDefaults, fieldErrorString, validateCreate, validateUpdate } from '../index';

const make = (kind: string, body: Record<string, unknown>): KubeObject =>
  applyDefaults({ apiVersion: 'v1', kind, metadata: { name: 'cfg', namespace: 'default' }, ...body });
const messages = (o: KubeObject, old?: KubeObject) => (old ? validateUpdate(o, old) : validateCreate(o)).map(fieldErrorString);

describe('ConfigMap and Secret validation', () => {
  it('given keys that are not config keys, when validated, then upstream\'s messages appear', () => {
    expect(messages(make('ConfigMap', { data: { 'a b': '1', '..x': '2' } }))).toEqual([
      "data[..x]: Invalid value: \"..x\": must not start with '..'",
      "data[a b]: Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ]);
  });

  it('given an immutable ConfigMap, when its data or flag changes, then both are forbidden', () => {
    const old = make('ConfigMap', { immutable: true, data: { a: '1' } });
    expect(messages(make('ConfigMap', { immutable: false, data: { a: '2' } }), old)).toEqual([
      'immutable: Forbidden: field is immutable when `immutable` is set',
      'data: Forbidden: field is immutable when `immutable` is set',
    ]);
  });

  it('given a Secret with stringData and no type, when defaulted, then it is Opaque with base64 data', () => {
    const secret = make('Secret', { stringData: { password: 'hunter2' }, data: { user: Buffer.from('me').toString('base64') } });
    expect(secret).toMatchObject({ type: 'Opaque', data: { user: 'bWU=', password: 'aHVudGVyMg==' } });
    expect(secret).not.toHaveProperty('stringData');
    expect(messages(secret)).toEqual([]);
  });

  it('given a TLS secret without its keys, when validated, then both are required', () => {
    expect(messages(make('Secret', { type: 'kubernetes.io/tls', data: {} }))).toEqual(['data[tls.crt]: Required value', 'data[tls.key]: Required value']);
  });

  it('given a changed secret type, when updated, then the type is immutable', () => {
    expect(messages(make('Secret', { type: 'x/y' }), make('Secret', {}))).toEqual(['type: Invalid value: "x/y": field is immutable']);
  });
});
