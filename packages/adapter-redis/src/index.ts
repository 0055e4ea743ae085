/**
 * @asksage-proxy/adapter-redis: core's shared-state ports over Redis (ioredis), so several proxy replicas behind a
 * load balancer share one key pool's health, the Responses API store and usage counters. See docs/scaling.md.
 */
export { createRedisConnection } from './create-redis-connection';
export type { RedisConnection, RedisConnectionState, RedisConnectionStatus } from './create-redis-connection';
export type { RedisConnectionSettings } from './redis-connection-settings';
export { createRedisKeyHealthStore } from './create-redis-key-health-store';
export type { RedisKeyHealthStore, RedisKeyHealthStoreSettings } from './create-redis-key-health-store';
export { maskRedisUrl, redisUrlSecrets } from './mask-redis-url';
export { createRedisResponseStore } from './create-redis-response-store';
export type { RedisResponseStoreSettings } from './create-redis-response-store';
export { createRedisUsageCounter } from './create-redis-usage-counter';
export type { RedisUsageCounter, RedisUsageCounterSettings, SharedKeyUsage, SharedModelUsage, SharedUsage } from './create-redis-usage-counter';
export { pingRedis } from './ping-redis';
export type { RedisPingResult } from './ping-redis';
