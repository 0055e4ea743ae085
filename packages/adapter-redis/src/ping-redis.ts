import { loadIoredis } from './load-ioredis';
import { maskRedisUrl } from './mask-redis-url';
import { redisTlsOptions } from './redis-tls-options';

/** What `pingRedis` found. */
export interface RedisPingResult {
  /** Redis answered PING (after AUTH, when the URL has a password). */
  ok: boolean;
  /** What happened, for a person: the round trip, or the error (never the password). */
  detail: string;
}

/**
 * One PING over a fresh connection, for `asksage-proxy --check`: name resolution, connection, TLS for `rediss://`
 * and the password are all exercised. No retry: it answers within `timeoutMs`.
 */
export async function pingRedis(url: string, timeoutMs = 5_000, caCertificate?: string): Promise<RedisPingResult> {
  const client = new (loadIoredis())(url, { ...redisTlsOptions(url, caCertificate), lazyConnect: true, connectTimeout: timeoutMs, commandTimeout: timeoutMs, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  // The cause (WRONGPASS, ECONNREFUSED, a TLS error) arrives as an event; the rejection only says the connection closed.
  let cause: string | undefined;
  client.on('error', (error: Error) => {
    cause ??= error.message;
  });
  const startedAt = performance.now();
  try {
    await client.connect();
    const reply = await client.ping();
    return { ok: reply === 'PONG', detail: `answered PING in ${(performance.now() - startedAt).toFixed(1)} ms; replicas share key health and usage through it` };
  } catch (error) {
    const message = (cause ?? (error as Error).message).split(url).join(maskRedisUrl(url)).replace(/\.+$/, '');
    return { ok: false, detail: `${message}. The proxy still serves without it (each replica on its own state); fix redis_url or start Redis.` };
  } finally {
    client.disconnect();
  }
}
