import { ProxyError } from '../errors/proxy-error';
import type { KeyPool } from '../key-pool/key-pool';
import type { KeyStatus } from '../key-pool/key-status';

/**
 * The error for a request no entitled key can serve right now. The message names every key and why it is out
 * (never the secret) with the soonest time one is back, and `retryAfterSeconds` lets the HTTP layer send
 * Retry-After, so clients back off instead of hammering a proxy whose keys are all cooling down.
 */
export function createNoHealthyKeyError(
  keyPool: KeyPool,
  allowed: readonly string[] | undefined,
  model: string,
  now: number,
): ProxyError {
  const names = allowed === undefined ? undefined : new Set(allowed);
  const keys = keyPool.snapshot().filter((status) => names === undefined || names.has(status.name));
  const soonest = keyPool.nextAvailableAt(allowed);
  const retryAfterSeconds = soonest === undefined ? undefined : Math.max(1, Math.ceil((soonest - now) / 1000));
  const scope = allowed === undefined ? '' : ` entitled to model "${model}"`;
  const count = keys.length === 1 ? 'The only key' : `All ${keys.length} keys`;
  const when = soonest === undefined ? '' : ` The soonest is usable again at ${new Date(soonest).toISOString()}.`;
  return new ProxyError(
    'no_healthy_key',
    `${count}${scope} ${keys.length === 1 ? 'is' : 'are'} unavailable: ${keys.map(describeKey).join('; ')}.${when}`,
    { isRetryable: true, retryAfterSeconds },
  );
}

function describeKey(status: KeyStatus): string {
  const until = status.availableAt === undefined ? '' : ` until ${new Date(status.availableAt).toISOString()}`;
  switch (status.state) {
    case 'invalid':
      return status.recheckAt === undefined
        ? `${status.name} invalid (AskSage rejected it: fix the key in the config, then restart or reload)${until}`
        : `${status.name} invalid (AskSage rejected it: fix the key in the config, then restart or reload; rechecking at ${new Date(status.recheckAt).toISOString()})`;
    case 'cooling_down':
      return `${status.name} cooling down after a rate limit${until}`;
    case 'circuit_open':
      return `${status.name} failing (circuit open)${until}`;
    case 'half_open':
      return `${status.name} being probed after failures`;
    default:
      return `${status.name} busy`;
  }
}
