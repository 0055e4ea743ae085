import type { Logger } from '../ports/logger';
import type { KeyStateChangedEvent, ProxyObserver } from '../ports/proxy-observer';

/**
 * The key pool's operational log lines, as a `ProxyObserver` subscriber: one line per key state change, by key
 * name only. An invalid key is logged loudly (error level, with what to do) the first time this process sees it,
 * and at warn level when it is rejected again after its cooldown, so a revoked key does not page anyone every 6 h.
 */
export function createKeyStateLogObserver(logger: Logger): Pick<ProxyObserver, 'keyStateChanged'> {
  const invalidLogged = new Set<string>();

  function logInvalid(event: KeyStateChangedEvent): void {
    const fields = { key: event.key, code: event.code, retryAt: new Date(event.until ?? event.at).toISOString() };
    if (!invalidLogged.has(event.key)) {
      invalidLogged.add(event.key);
      logger.error(`AskSage rejected API key "${event.key}" as invalid; it is out of rotation. Replace or remove it in the configuration.`, fields);
    } else {
      logger.warn(`API key "${event.key}" is still rejected as invalid; out of rotation again.`, fields);
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
      }
    },
  };
}
