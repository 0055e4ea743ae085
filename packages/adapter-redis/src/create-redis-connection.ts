import type Redis from 'ioredis';
import { loadIoredis } from './load-ioredis';
import type { RedisOptions } from 'ioredis';
import { maskRedisUrl } from './mask-redis-url';
import type { RedisConnectionSettings } from './redis-connection-settings';
import { redisTlsOptions } from './redis-tls-options';

/** `connecting`: never reached yet; `connected`: commands and pub/sub up; `degraded`: Redis lost, local state serves. */
export type RedisConnectionState = 'connecting' | 'connected' | 'degraded' | 'closed';

/** What `/health` and metrics show about the shared state. Never the password. */
export interface RedisConnectionStatus {
  /** The connection's state. */
  state: RedisConnectionState;
  /** The Redis URL, password masked. */
  url: string;
  /** When the state last changed, ms epoch. */
  since: number;
  /** How many times Redis was lost since start. */
  outages: number;
  /** The last connection error's message while degraded. */
  lastError?: string;
}

/** Two ioredis clients (commands, and pub/sub which needs its own connection) with one state between them. */
export interface RedisConnection {
  /** Prefix of every key and channel. */
  readonly namespace: string;
  /** The command client. Commands fail at once while Redis is away (no offline queue): callers fall back. */
  readonly commands: Redis;
  /** The current state. */
  status(): RedisConnectionStatus;
  /** Whether commands and pub/sub are up right now. */
  isConnected(): boolean;
  /** Called on every (re)connection once commands and subscriptions are up: the time to resync. */
  onConnected(listener: () => void): void;
  /** Called when Redis is lost (commands in flight fail). */
  onLost(listener: () => void): void;
  /**
   * Delivers every message published on `channel`; subscribed again after each reconnection. Resolves once the
   * subscription is active (at once while Redis is away: it is made on reconnection).
   */
  subscribe(channel: string, listener: (message: string) => void): Promise<void>;
  /** Closes both clients. */
  close(): Promise<void>;
}

/**
 * Connects to Redis for the shared stores. Redis is an accelerator of agreement, never a dependency of a request:
 * no offline queue and no command retries (a command fails at once while Redis is away, and the caller keeps its
 * local state), reconnection forever with a capped backoff, one warning per outage and one line when it is back.
 */
export function createRedisConnection(settings: RedisConnectionSettings): RedisConnection {
  const { logger } = settings;
  const namespace = settings.namespace ?? 'asksage-proxy';
  const maskedUrl = maskRedisUrl(settings.url);
  const maxDelay = settings.maxReconnectDelayMs ?? 1_000;
  const options: RedisOptions = {
    connectTimeout: settings.connectTimeoutMs ?? 2_000,
    commandTimeout: settings.commandTimeoutMs ?? 1_000,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    autoResubscribe: false,
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 10), maxDelay),
    ...redisTlsOptions(settings.url, settings.caCertificate),
  };
  const commands = new (loadIoredis())(settings.url, options);
  const subscriber = commands.duplicate();
  const channels = new Map<string, Array<(message: string) => void>>();
  const connectedListeners: Array<() => void> = [];
  const lostListeners: Array<() => void> = [];
  let commandsReady = false;
  let subscribed = false;
  let closing = false;
  let status: RedisConnectionStatus = { state: 'connecting', url: maskedUrl, since: Date.now(), outages: 0 };

  const setState = (state: RedisConnectionState, lastError?: string): void => {
    const previous = status.state;
    if (previous === state) return;
    status = { state, url: maskedUrl, since: Date.now(), outages: status.outages + (state === 'degraded' ? 1 : 0), ...(lastError === undefined ? {} : { lastError }) };
    if (state === 'degraded') {
      logger.warn('Redis is unreachable: each replica serves its own key health until it returns (requests are not affected)', { redis: maskedUrl, error: lastError });
      for (const listener of lostListeners) listener();
    } else if (state === 'connected') {
      if (previous === 'degraded') logger.info('Redis is reachable again: shared key health resynced', { redis: maskedUrl });
      for (const listener of connectedListeners) listener();
    }
  };
  const settle = (): void => {
    if (closing) return;
    if (commandsReady && subscribed) setState('connected');
  };
  const lose = (error: string): void => {
    if (closing) return;
    if (status.state === 'degraded') {
      status = { ...status, lastError: error };
      return;
    }
    setState('degraded', error);
  };

  commands.on('ready', () => {
    commandsReady = true;
    settle();
  });
  subscriber.on('ready', () => {
    const names = [...channels.keys()];
    const done = names.length === 0 ? Promise.resolve(0) : subscriber.subscribe(...names);
    done.then(
      () => {
        subscribed = true;
        settle();
      },
      (error: Error) => lose(error.message),
    );
  });
  for (const client of [commands, subscriber]) {
    // Every reconnect attempt errors while Redis is away: the first loss is logged once, the rest only recorded.
    client.on('error', (error: Error) => {
      if (status.state !== 'connected') lose(error.message);
      else logger.debug('Redis client error', { redis: maskedUrl, error: error.message });
    });
    client.on('close', () => {
      if (client === commands) commandsReady = false;
      else subscribed = false;
      lose('connection closed');
    });
  }
  subscriber.on('message', (channel: string, message: string) => {
    for (const listener of channels.get(channel) ?? []) listener(message);
  });

  return {
    namespace,
    commands,
    status: () => ({ ...status }),
    isConnected: () => status.state === 'connected',
    onConnected: (listener) => connectedListeners.push(listener),
    onLost: (listener) => lostListeners.push(listener),
    subscribe(channel, listener) {
      const known = channels.get(channel);
      if (known !== undefined) {
        known.push(listener);
        return Promise.resolve();
      }
      channels.set(channel, [listener]);
      if (subscriber.status !== 'ready') return Promise.resolve();
      return subscriber.subscribe(channel).then(
        () => undefined,
        (error: Error) => lose(error.message),
      );
    },
    async close() {
      closing = true;
      status = { ...status, state: 'closed', since: Date.now() };
      // QUIT lets Redis answer what is in flight; a Redis that is away gets no QUIT (there is nothing to wait for).
      if (commands.status === 'ready') await commands.quit().catch(() => undefined);
      commands.disconnect();
      subscriber.disconnect();
    },
  };
}
