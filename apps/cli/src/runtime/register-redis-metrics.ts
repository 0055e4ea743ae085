import type { RedisConnectionStatus } from '@asksage-proxy/adapter-redis';
import { Gauge } from 'prom-client';
import type { Registry } from 'prom-client';

/** The `redis` block `createProxyRuntime` adds to the health report when `redis_url` is set. */
export function readRedisStatus(health: object | undefined): RedisConnectionStatus | undefined {
  return (health as { redis?: RedisConnectionStatus } | undefined)?.redis;
}

/**
 * The shared state's gauges in `/metrics`, read at scrape time from whichever runtime serves: whether Redis is
 * reachable (alert on 0: replicas are each on their own key health) and how often it was lost since start.
 */
export function registerRedisMetrics(registry: Registry, status: () => RedisConnectionStatus | undefined): void {
  const registers = [registry];
  new Gauge({
    name: 'asksage_proxy_redis_connected',
    help: '1 while the shared Redis (redis_url) is reachable; 0 while this replica serves its own key health (degraded).',
    registers,
    collect() {
      this.set(status()?.state === 'connected' ? 1 : 0);
    },
  });
  new Gauge({
    name: 'asksage_proxy_redis_outages',
    help: 'Times this replica lost the shared Redis since it started.',
    registers,
    collect() {
      this.set(status()?.outages ?? 0);
    },
  });
}
