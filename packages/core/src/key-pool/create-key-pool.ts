import type { ProxyError } from '../errors/proxy-error';
import { createSecretRedactor } from '../redaction/create-secret-redactor';
import { silentLogger } from '../ports/logger';
import type { ApiKeyConfig } from './api-key-config';
import type { KeyPickOptions, KeyPool, KeyPoolOptions, PooledKey } from './key-pool';
import type { KeyOutage, KeyRecord } from './key-record';
import { canProbeEarly, createKeyRecord, isKeyPickable, keyStateAt, toKeyStatus } from './key-record';
import { pickSmoothWeighted } from './pick-smooth-weighted';

const hourMs = 60 * 60 * 1000;

/**
 * Builds the key pool: smooth weighted round robin over the keys that are usable right now, with health per key.
 *
 * Fairness when the eligible set changes (a key cools down, a request's model allows only some keys, a failover
 * excludes keys already tried): only eligible keys take part in a pick, and an ineligible key's running score is
 * left frozen, as nginx does for peers that are down. A key therefore earns no credit while it is out, so when it
 * comes back it resumes its normal share instead of receiving a catch-up burst, and it is not penalised either.
 * Each pick adds and subtracts the same total, so the scores always sum to zero and stay bounded.
 *
 * Health: a key AskSage calls invalid is out for `invalidCooldownMs` (logged once, at error level, by name); a rate
 * limited key cools down for Retry-After (capped) or an exponential backoff; `failureThreshold` consecutive
 * transient failures open its circuit for `circuitCooldownMs`, after which exactly one probe request may use it.
 */
export function createKeyPool(options: KeyPoolOptions): KeyPool {
  const { clock } = options;
  const logger = options.logger ?? silentLogger;
  const invalidCooldownMs = options.invalidCooldownMs ?? 6 * hourMs;
  const rateLimitCapMs = options.rateLimitDefaultCooldownMs ?? 60_000;
  const rateLimitBackoffBaseMs = options.rateLimitBackoffBaseMs ?? 1_000;
  const failureThreshold = options.failureThreshold ?? 3;
  const circuitCooldownMs = options.circuitCooldownMs ?? 30_000;

  assertValidKeys(options.keys);
  const records = options.keys.map((config) => createKeyRecord({ ...config }));
  const redactKeys = createSecretRedactor(options.keys.map((config) => config.key));
  const byName = new Map(records.map((record) => [record.config.name, record]));

  function within(allowed: readonly string[] | undefined): KeyRecord[] {
    if (allowed === undefined) return records;
    const names = new Set(allowed);
    return records.filter((record) => names.has(record.config.name));
  }

  /** A key stays out for the longest outage it has earned; an invalid verdict outranks the others. */
  function takeOut(record: KeyRecord, outage: KeyOutage, now: number): void {
    const current = record.outage;
    if (current !== undefined && now < current.until) {
      if (current.kind === 'invalid' && outage.kind !== 'invalid') return;
      if (outage.kind !== 'invalid' && current.until > outage.until) return;
    }
    record.outage = outage;
  }

  function markInvalid(record: KeyRecord, error: ProxyError, now: number): void {
    const wasInvalid = keyStateAt(record, now) === 'invalid';
    takeOut(record, { kind: 'invalid', until: now + invalidCooldownMs }, now);
    if (wasInvalid) return;
    const fields = { key: record.config.name, code: error.code, retryAt: new Date(now + invalidCooldownMs).toISOString() };
    if (!record.invalidLogged) {
      record.invalidLogged = true;
      logger.error(
        `AskSage rejected API key "${record.config.name}" as invalid; it is out of rotation. Replace or remove it in the configuration.`,
        fields,
      );
    } else {
      logger.warn(`API key "${record.config.name}" is still rejected as invalid; out of rotation again.`, fields);
    }
  }

  function coolDown(record: KeyRecord, error: ProxyError, now: number): void {
    record.rateLimitStreak += 1;
    const requestedMs =
      error.retryAfterSeconds !== undefined
        ? error.retryAfterSeconds * 1000
        : rateLimitBackoffBaseMs * 2 ** (record.rateLimitStreak - 1);
    const cooldownMs = Math.max(0, Math.min(requestedMs, rateLimitCapMs));
    takeOut(record, { kind: 'cooling_down', until: now + cooldownMs }, now);
    logger.info(`API key "${record.config.name}" is rate limited; cooling down.`, {
      key: record.config.name,
      code: error.code,
      cooldownMs,
    });
  }

  function countFailure(record: KeyRecord, error: ProxyError, now: number, wasProbe: boolean): void {
    record.consecutiveFailures += 1;
    if (!wasProbe && record.consecutiveFailures < failureThreshold) return;
    takeOut(record, { kind: 'circuit_open', until: now + circuitCooldownMs }, now);
    logger.warn(
      wasProbe
        ? `Probe with API key "${record.config.name}" failed; its circuit opens again.`
        : `API key "${record.config.name}" failed ${record.consecutiveFailures} times in a row; its circuit is open.`,
      { key: record.config.name, code: error.code, consecutiveFailures: record.consecutiveFailures, cooldownMs: circuitCooldownMs },
    );
  }

  return {
    pick(pickOptions: KeyPickOptions = {}): PooledKey | undefined {
      const now = clock.now();
      const exclude = pickOptions.exclude;
      const eligible = within(pickOptions.allowed).filter((record) => !(exclude?.has(record.config.name) ?? false));
      let candidates = eligible.filter((record) => isKeyPickable(record, now));
      let earlyProbe = false;
      if (candidates.length === 0) {
        candidates = eligible.filter((record) => canProbeEarly(record, now));
        earlyProbe = candidates.length > 0;
      }
      const chosen = pickSmoothWeighted(candidates);
      if (chosen === undefined) return undefined;
      if (earlyProbe || keyStateAt(chosen, now) === 'half_open') {
        // Only this request may use the key until it reports back; other picks skip it meanwhile.
        chosen.probeInFlight = true;
        logger.info(`Probing API key "${chosen.config.name}" after its circuit cooldown.`, { key: chosen.config.name });
      }
      chosen.requests += 1;
      return { name: chosen.config.name, key: chosen.config.key, weight: chosen.config.weight };
    },

    reportSuccess(name: string): void {
      const record = byName.get(name);
      if (record === undefined) return;
      record.consecutiveFailures = 0;
      record.rateLimitStreak = 0;
      record.probeInFlight = false;
      if (record.outage?.kind === 'circuit_open') {
        // Any success proves the key works again, including a late reply that started before the circuit opened.
        record.outage = undefined;
        logger.info(`API key "${name}" answered; its circuit is closed.`, { key: name });
      }
    },

    reportFailure(name: string, error: ProxyError): void {
      const record = byName.get(name);
      if (record === undefined) return;
      const wasProbe = record.probeInFlight;
      record.probeInFlight = false;
      // No verdict means the key is not to blame (the caller gave up, the model is unknown): nothing is counted.
      if (error.keyVerdict === undefined) return;
      const now = clock.now();
      record.failures += 1;
      record.lastError = error.code;
      if (error.keyVerdict === 'invalid') markInvalid(record, error, now);
      else if (error.keyVerdict === 'rate_limited') coolDown(record, error, now);
      else countFailure(record, error, now, wasProbe);
    },

    redactSecrets(text: string): string {
      return redactKeys(text);
    },

    hasUsable(allowed?: readonly string[]): boolean {
      const now = clock.now();
      return within(allowed).some((record) => isKeyPickable(record, now) || canProbeEarly(record, now));
    },

    nextAvailableAt(allowed?: readonly string[]): number | undefined {
      const now = clock.now();
      let soonest: number | undefined;
      for (const record of within(allowed)) {
        const state = keyStateAt(record, now);
        // A key being probed may be back any moment: its probe's reply decides.
        let at: number | undefined;
        if (state === 'half_open' && record.probeInFlight) at = now;
        else if (record.outage !== undefined && now < record.outage.until) at = record.outage.until;
        if (at !== undefined && (soonest === undefined || at < soonest)) soonest = at;
      }
      return soonest;
    },

    snapshot() {
      const now = clock.now();
      return records.map((record) => toKeyStatus(record, now));
    },
  };
}

function assertValidKeys(keys: readonly ApiKeyConfig[]): void {
  const seen = new Set<string>();
  for (const [index, key] of keys.entries()) {
    if (typeof key.name !== 'string' || key.name === '') {
      throw new RangeError(`API key #${index + 1} has no name; every pooled key needs one for logs and /health.`);
    }
    if (seen.has(key.name)) throw new RangeError(`Two API keys are named "${key.name}"; key names must be unique.`);
    seen.add(key.name);
    if (!(Number.isFinite(key.weight) && key.weight > 0)) {
      throw new RangeError(`API key "${key.name}" has weight ${String(key.weight)}; weights must be numbers above 0.`);
    }
  }
}
