import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Paths of the committed test certificates (see certs/README.md). */
export interface TestCertificatePaths {
  directory: string;
  /** The test CA that signed the server certificate: what a client passes as `ca` / `cert_path`. */
  caPath: string;
  serverCertificatePath: string;
  serverKeyPath: string;
  /** An unrelated CA, for "the client must reject the simulator" tests. */
  untrustedCaPath: string;
}

/** The PEM texts of the test certificates, with their paths. */
export interface TestCertificates extends TestCertificatePaths {
  ca: string;
  serverCertificate: string;
  serverKey: string;
  untrustedCa: string;
}

/**
 * Where the certs folder is: `../certs` from `src` (Jest) or `dist`, else `./certs` next to a bundle
 * (the CLI copies the folder to `dist/certs`).
 */
export function findTestCertificatePaths(): TestCertificatePaths {
  const candidates = [path.join(__dirname, '../certs'), path.join(__dirname, 'certs')];
  const directory = candidates.find((candidate) => existsSync(path.join(candidate, 'test-ca.pem')));
  if (!directory) throw new Error(`asksage-simulator test certificates not found in ${candidates.join(' or ')}`);
  return {
    directory,
    caPath: path.join(directory, 'test-ca.pem'),
    serverCertificatePath: path.join(directory, 'server.pem'),
    serverKeyPath: path.join(directory, 'server-key.pem'),
    untrustedCaPath: path.join(directory, 'untrusted-ca.pem'),
  };
}

/** Reads the test CA, the simulator's server certificate and key, and the untrusted CA. */
export function readTestCertificates(): TestCertificates {
  const paths = findTestCertificatePaths();
  return {
    ...paths,
    ca: readFileSync(paths.caPath, 'utf8'),
    serverCertificate: readFileSync(paths.serverCertificatePath, 'utf8'),
    serverKey: readFileSync(paths.serverKeyPath, 'utf8'),
    untrustedCa: readFileSync(paths.untrustedCaPath, 'utf8'),
  };
}
