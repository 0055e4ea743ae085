import type Redis from 'ioredis';

/**
 * ioredis' client class, loaded on first use rather than when this package is imported: the CLI imports the package
 * for `maskRedisUrl` and `redisUrlSecrets` whatever the config, and a proxy without `redis_url` (most of them) should
 * not hold ioredis and its command table in memory (issue 9, idle RSS).
 */
export function loadIoredis(): typeof Redis {
  // A synchronous require keeps the callers synchronous while still deferring the load to first use.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('ioredis') as { default: typeof Redis }).default;
}
