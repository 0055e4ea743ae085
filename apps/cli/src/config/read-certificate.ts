import { readFileSync } from 'node:fs';
import { ConfigError } from './config-error';
import type { ResolvedConfig } from './resolved-config';

/** True when `text` holds at least one PEM certificate. */
export function looksLikePemCertificate(text: string): boolean {
  return text.includes('-----BEGIN CERTIFICATE-----');
}

/**
 * Reads the CA bundle named by `cert_path`, for the AskSage adapter. None is needed for a plain http:// server,
 * and an https server without `cert_path` uses the system roots. A missing, unreadable or non-PEM file stops
 * startup with a message naming the key and the path (a TLS error at the first request would be far less clear).
 */
export function readCertificate(config: Pick<ResolvedConfig, 'certPath' | 'serverBaseUrl'>): string | undefined {
  if (config.certPath === undefined || config.serverBaseUrl.startsWith('http://')) return undefined;
  let text: string;
  try {
    text = readFileSync(config.certPath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'the file does not exist' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    throw new ConfigError(`cert_path: cannot read the certificate ${config.certPath}: ${reason}. Fix cert_path in the config (or ASKSAGE_PROXY_CERT_PATH).`);
  }
  if (!looksLikePemCertificate(text)) {
    throw new ConfigError(`cert_path: ${config.certPath} is not a PEM certificate (expected a "-----BEGIN CERTIFICATE-----" block).`);
  }
  return text;
}
