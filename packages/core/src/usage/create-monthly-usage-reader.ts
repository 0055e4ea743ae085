import { parseMonthlyTokenCount } from '../asksage/parse-monthly-token-count';
import { ProxyError } from '../errors/proxy-error';
import type { ProxyErrorCode } from '../errors/proxy-error-code';
import type { ApiKeyConfig } from '../key-pool/api-key-config';
import type { Clock } from '../ports/clock';
import type { UpstreamClient } from '../ports/upstream-client';

/** One key's month-to-date AskSage usage, or why it is not known. */
export interface MonthlyKeyUsage {
  /** The key's name. */
  key: string;
  /** AskSage tokens used this month; absent when the check failed. */
  tokens?: number;
  /** The failure's code when AskSage could not be asked (never its message). */
  error?: ProxyErrorCode | 'error';
  /** ms epoch when AskSage was asked. */
  checkedAt: number;
}

/** Options of `createMonthlyUsageReader`. */
export interface MonthlyUsageReaderOptions {
  /** AskSage. */
  upstream: Pick<UpstreamClient, 'countMonthlyTokens'>;
  /** The keys to ask about (secrets stay here; results carry names). */
  keys: readonly ApiKeyConfig[];
  /** Cache ages. */
  clock: Clock;
  /** How long an answer is reused. Default 5 minutes. */
  ttlMs?: number;
}

/** Month-to-date usage per key, on demand and cached. */
export interface MonthlyUsageReader {
  /** One entry per key, in configuration order; asks AskSage only for entries older than the cache time. */
  read(): Promise<MonthlyKeyUsage[]>;
}

/**
 * Reads each key's month-to-date total from AskSage's free `count-monthly-tokens`. Called only when someone asks
 * (the status page, `GET /status.json`), never on a chat request's path, and cached for `ttlMs` per key, so a page
 * left open costs one call per key every few minutes. Concurrent reads share the calls in flight.
 */
export function createMonthlyUsageReader(options: MonthlyUsageReaderOptions): MonthlyUsageReader {
  const ttlMs = options.ttlMs ?? 5 * 60_000;
  const cached = new Map<string, MonthlyKeyUsage>();
  const pending = new Map<string, Promise<MonthlyKeyUsage>>();

  async function ask(key: ApiKeyConfig): Promise<MonthlyKeyUsage> {
    try {
      const body = await options.upstream.countMonthlyTokens({ apiKey: key.key });
      return { key: key.name, tokens: parseMonthlyTokenCount(body), checkedAt: options.clock.now() };
    } catch (error) {
      return { key: key.name, error: error instanceof ProxyError ? error.code : 'error', checkedAt: options.clock.now() };
    }
  }

  function readOne(key: ApiKeyConfig): Promise<MonthlyKeyUsage> {
    const hit = cached.get(key.name);
    if (hit !== undefined && options.clock.now() - hit.checkedAt < ttlMs) return Promise.resolve(hit);
    const inFlight = pending.get(key.name);
    if (inFlight !== undefined) return inFlight;
    const call = ask(key).then((usage) => {
      cached.set(key.name, usage);
      pending.delete(key.name);
      return usage;
    });
    pending.set(key.name, call);
    return call;
  }

  return { read: () => Promise.all(options.keys.map(readOne)) };
}
