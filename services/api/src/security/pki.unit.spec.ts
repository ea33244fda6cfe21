import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureServingCertificates } from './pki';

describe('ensureServingCertificates', () => {
  const homes: string[] = [];
  const newHome = () => {
    const home = mkdtempSync(join(tmpdir(), 'kronicle-pki-'));
    homes.push(home);
    return home;
  };
  afterEach(() => homes.splice(0).forEach((home) => rmSync(home, { recursive: true, force: true })));

  it('keeps the CA and the serving certificate across restarts', () => {
    const home = newHome();
    const first = ensureServingCertificates(home, ['localhost', '127.0.0.1']);
    expect(ensureServingCertificates(home, ['localhost', '127.0.0.1'])).toEqual(first);
  });

  it('reissues the serving certificate from the same CA when the advertised address changes', () => {
    const home = newHome();
    const first = ensureServingCertificates(home, ['localhost', '127.0.0.1']);
    const second = ensureServingCertificates(home, ['localhost', '127.0.0.1', '172.17.0.1']);

    expect(second.caCert).toBe(first.caCert);
    const serving = new X509Certificate(second.cert);
    expect(serving.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:172.17.0.1');
    expect(serving.checkIP('172.17.0.1')).toBe('172.17.0.1');
    expect(serving.verify(new X509Certificate(first.caCert).publicKey)).toBe(true);
  });
});
