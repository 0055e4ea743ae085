import { ProxyError } from '../../errors/proxy-error';

/** OpenAI's default temperature, sent when the request has none (AskSage's own default is 0.0). */
export const defaultTemperature = 1;

/**
 * OpenAI temperature (0–2, default 1) -> AskSage temperature (0–1).
 * AskSage silently turns values above 1 into 0.0 (protocol doc §2.2), so a client asking for a creative 1.5
 * would get the most deterministic output; clamping to 1 keeps the intent. Values outside OpenAI's own
 * range are the client's mistake and are rejected, as OpenAI does.
 */
export function clampTemperature(temperature: unknown): number {
  if (temperature === undefined || temperature === null) return defaultTemperature;
  if (typeof temperature !== 'number' || !Number.isFinite(temperature) || temperature < 0 || temperature > 2) {
    throw new ProxyError('invalid_request', 'temperature must be a number between 0 and 2.', { param: 'temperature' });
  }
  return Math.min(temperature, 1);
}
