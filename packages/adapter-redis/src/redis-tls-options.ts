import { rootCertificates } from 'node:tls';
import type { RedisOptions } from 'ioredis';

/**
 * The TLS options for a Redis URL: for `rediss://` with a private CA, that CA added to Node's public roots (never in
 * their place); nothing otherwise (`rediss://` alone trusts the public roots, `redis://` is plain TCP).
 */
export function redisTlsOptions(url: string, caCertificate: string | undefined): Pick<RedisOptions, 'tls'> {
  return /^rediss:/i.test(url) && caCertificate !== undefined ? { tls: { ca: [...rootCertificates, caCertificate] } } : {};
}
