import type { Logger } from '@asksage-proxy/core';

/** Settings of `createRedisConnection`, from the composition root only. */
export interface RedisConnectionSettings {
  /** `redis://[:password@]host:port[/db]` or `rediss://…` (TLS). The password never appears in logs. */
  url: string;
  /** Prefix of every Redis key and channel, so several deployments can share one Redis; default `asksage-proxy`. */
  namespace?: string;
  /** Where the connection reports losing and regaining Redis (once per outage), never the URL's password. */
  logger: Logger;
  /** Gives up a TCP/TLS connect after this long and retries; default 2 000 ms. */
  connectTimeoutMs?: number;
  /** A command not answered within this long fails (the caller falls back to local state); default 1 000 ms. */
  commandTimeoutMs?: number;
  /** Longest pause between reconnect attempts while Redis is away; default 1 000 ms. */
  maxReconnectDelayMs?: number;
  /**
   * PEM of a CA to trust, in addition to Node's public roots, for a `rediss://` URL (the CLI passes `cert_path`, so
   * a Redis signed by the lab's own CA is trusted like the lab's AskSage). Ignored for `redis://`.
   */
  caCertificate?: string;
}
