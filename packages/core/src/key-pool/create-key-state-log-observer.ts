import type { Logger } from '../ports/logger';
import type { KeyStateChangedEvent, ProxyObserver } from '../ports/proxy-observer';

/**
 * The key pool's operational log lines, as a `ProxyObserver` subscriber: one line per key state change, by key
 * name only. An invalid key is logged loudly (error level, with what to do) the first time this process sees it,
 * and at warn level when it is rejected again (a recheck or a request after its cooldown), so a revoked key does not
 * page anyone at every recheck; a key a recheck brings back is logged by name.
 */
export function createKeyStateLogObserver(logger: Logger): Pick<ProxyObserver, 'keyStateChanged'> {
  const invalidLogged = new Set<string>();

  function logInvalid(event: KeyStateChangedEvent): void {
    const recheck = event.recheckAt === undefined ? undefined : new Date(event.recheckAt).toISOString();
    const fields = { key: event.key, code: event.code, ...(recheck === undefined ? { retryAt: new Date(event.until ?? event.at).toISOString() } : { recheckAt: recheck }) };
    const next = recheck === undefined ? '' : ` A free recheck (no tokens) runs at ${recheck}.`;
    if (!invalidLogged.has(event.key)) {
      invalidLogged.add(event.key);
      logger.error(`AskSage rejected API key "${event.key}" as invalid; it is out of rotation. Replace or remove it in the configuration, then restart or reload.${next}`, fields);
    } else {
      logger.warn(`API key "${event.key}" is still rejected as invalid; out of rotation again.${next}`, fields);
    }
  }

  return {
    keyStateChanged(event: KeyStateChangedEvent): void {
      const { key, code, cooldownMs, consecutiveFailures } = event;
      switch (event.change) {
        case 'invalid':
          logInvalid(event);
          return;
        case 'cooling_down':
          logger.info(`API key "${key}" is rate limited; cooling down.`, { key, code, cooldownMs });
          return;
        case 'circuit_open':
          logger.warn(`API key "${key}" failed ${String(consecutiveFailures)} times in a row; its circuit is open.`, { key, code, consecutiveFailures, cooldownMs });
          return;
        case 'circuit_reopened':
          logger.warn(`Probe with API key "${key}" failed; its circuit opens again.`, { key, code, consecutiveFailures, cooldownMs });
          return;
        case 'probing':
          logger.info(`Probing API key "${key}" after its circuit cooldown.`, { key });
          return;
        case 'circuit_closed':
          logger.info(`API key "${key}" answered; its circuit is closed.`, { key });
          return;
        case 'restored':
          // A later rejection of the key is news again, worth the loud line.
          invalidLogged.delete(key);
          logger.warn(`AskSage accepts API key "${key}" again (free recheck); it is back in rotation.`, { key });
          return;
      }
    },
  };
}
