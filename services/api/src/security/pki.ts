import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';

export interface ServingCertificates {
  caCert: string;
  cert: string;
  key: string;
}

/**
 * A cluster CA and a serving certificate signed by it, generated on first start and kept under
 * `<home>/pki` so kubeconfigs stay valid across restarts. A serving certificate that does not name
 * every host asked for (the advertised address changed) is reissued from the kept CA.
 */
export function ensureServingCertificates(home: string, hosts: string[]): ServingCertificates {
  const dir = join(home, 'pki');
  const paths = { caCert: join(dir, 'ca.crt'), caKey: join(dir, 'ca.key'), cert: join(dir, 'apiserver.crt'), key: join(dir, 'apiserver.key') };
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const ca = existsSync(paths.caCert) && existsSync(paths.caKey) ? loadIssued(paths.caCert, paths.caKey) : undefined;
  if (ca && existsSync(paths.cert) && existsSync(paths.key) && namesEveryHost(readFileSync(paths.cert, 'utf8'), hosts)) {
    return { caCert: readFileSync(paths.caCert, 'utf8'), cert: readFileSync(paths.cert, 'utf8'), key: readFileSync(paths.key, 'utf8') };
  }
  const issuer = ca ?? issue({ commonName: 'kronicle-ca', isCa: true });
  const serving = issue({ commonName: 'kronicle-apiserver', isCa: false, hosts, issuer });
  const result = { caCert: forge.pki.certificateToPem(issuer.cert), cert: forge.pki.certificateToPem(serving.cert), key: forge.pki.privateKeyToPem(serving.keys.privateKey) };
  if (!ca) {
    writeFileSync(paths.caKey, forge.pki.privateKeyToPem(issuer.keys.privateKey), { mode: 0o600 });
    writeFileSync(paths.caCert, result.caCert);
  }
  writeFileSync(paths.cert, result.cert);
  writeFileSync(paths.key, result.key, { mode: 0o600 });
  return result;
}

function loadIssued(certPath: string, keyPath: string): Issued {
  const cert = forge.pki.certificateFromPem(readFileSync(certPath, 'utf8'));
  const privateKey = forge.pki.privateKeyFromPem(readFileSync(keyPath, 'utf8')) as forge.pki.rsa.PrivateKey;
  return { cert, keys: { privateKey, publicKey: cert.publicKey as forge.pki.rsa.PublicKey } };
}

function namesEveryHost(certPem: string, hosts: string[]): boolean {
  const names = new X509Certificate(certPem).subjectAltName ?? '';
  const named = new Set(names.split(', ').map((entry) => entry.replace(/^(DNS|IP Address):/, '')));
  return hosts.every((host) => named.has(host));
}

interface Issued {
  cert: forge.pki.Certificate;
  keys: forge.pki.rsa.KeyPair;
}

function issue(options: { commonName: string; isCa: boolean; hosts?: string[]; issuer?: Issued }): Issued {
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = forge.util.bytesToHex(forge.random.getBytesSync(16)).replace(/^[89a-f]/, '1');
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + (options.isCa ? 10 : 1) * 365 * 24 * 3600 * 1000);
  cert.setSubject([{ name: 'commonName', value: options.commonName }]);
  cert.setIssuer((options.issuer?.cert ?? cert).subject.attributes);
  const extensions: object[] = options.isCa
    ? [{ name: 'basicConstraints', cA: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true }]
    : [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: (options.hosts ?? []).map((host) => (/^[\d.]+$|:/.test(host) ? { type: 7, ip: host } : { type: 2, value: host })),
        },
      ];
  cert.setExtensions(extensions);
  cert.sign((options.issuer ?? { keys }).keys.privateKey, forge.md.sha256.create());
  return { cert, keys };
}
