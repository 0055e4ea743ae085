import { readFileSync } from 'node:fs';
import { ConfigError } from './config-error';
import { describeSetting } from './describe-setting';
import type { ResolvedConfig } from './resolved-config';

/** True when `text` holds at least one PEM certificate. */
export function looksLikePemCertificate(text: string): boolean {
  return text.includes('-----BEGIN CERTIFICATE-----');
}

/**
 * Reads the CA bundle named by `cert_path`, for the AskSage adapter (which adds it to the system roots of every
 * https:// URL, server and user alike). Without `cert_path` https uses the system roots. A configured file is
 * always checked, even when the server URL is http://: a cert_path that names nothing is a mistake, and the user
 * URL (or a later edit of the server URL) may well be https. A missing, unreadable or non-PEM file stops startup
 * with a message naming the setting, where it was set (file or environment variable) and the path: a TLS error
 * at the first request would be far less clear.
 */
export function readCertificate(config: Pick<ResolvedConfig, 'certPath' | 'sources'>): string | undefined {
  if (config.certPath === undefined) return undefined;
  const setting = describeSetting(config, 'cert_path');
  let text: string;
  try {
    text = readFileSync(config.certPath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'the file does not exist' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    throw new ConfigError(`${setting}: cannot read the certificate ${config.certPath}: ${reason}. Fix the path, or remove cert_path to use the system certificates.`);
  }
  if (!looksLikePemCertificate(text)) {
    throw new ConfigError(`${setting}: ${config.certPath} is not a PEM certificate (expected a "-----BEGIN CERTIFICATE-----" block).`);
  }
  return text;
}
