import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@kronicle/service-kit';
import { readRootCa, rootCaFile } from './root-ca-file';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe('the CA the publisher publishes', () => {
  it('is KRONICLE_ROOT_CA_FILE, else the API-generated one under KRONICLE_HOME, none when the API serves plain HTTP', () => {
    expect(rootCaFile({ KRONICLE_ROOT_CA_FILE: '/etc/ca.pem', KRONICLE_API_TLS: 'false' })).toBe('/etc/ca.pem');
    expect(rootCaFile({ KRONICLE_HOME: '/var/lib/kronicle' })).toBe('/var/lib/kronicle/pki/ca.crt');
    expect(rootCaFile({ KRONICLE_HOME: '/var/lib/kronicle', KRONICLE_API_TLS: 'false' })).toBeUndefined();
  });

  it('is read once the API has written it', async () => {
    const home = mkdtempSync(join(tmpdir(), 'root-ca-'));
    const path = join(home, 'pki', 'ca.crt');
    const read = readRootCa(path, createLogger('test', 'silent'), 10);
    let done = false;
    void read.then(() => (done = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(done).toBe(false);
    mkdirSync(join(home, 'pki'));
    writeFileSync(path, PEM);
    await expect(read).resolves.toBe(PEM);
  });
});
