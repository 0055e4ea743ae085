import type { ServerResponse } from 'node:http';
import type { SimulatorState } from './create-simulator-state';
import { estimateTokenCount } from './estimate-token-count';
import { sendJson } from './send-json';

/** Paths answered by handleUsageRoute. */
export const USAGE_PATHS: ReadonlySet<string> = new Set([
  '/server/tokenizer',
  '/server/count-monthly-tokens',
  '/server/count-monthly-teach-tokens',
  '/server/count-monthly-tokens-left-with-org',
]);

// Recorded: 933 model tokens -> "68" Ask Sage tokens (tokenizer-convert-to-asksage.json).
const ASKSAGE_TOKENS_PER_MODEL_TOKEN = 68 / 933;

/**
 * Token counters and the tokenizer (protocol doc §4.4, §4.5). Counters are integers; the tokenizer's count is
 * a STRING. `count-monthly-tokens` grows by the Ask Sage tokens each `/query` billed to the key.
 */
export function handleUsageRoute(state: SimulatorState, path: string, accessToken: string | undefined, body: unknown, response: ServerResponse): void {
  const authentication = state.authenticate(accessToken);
  if (!authentication.ok) {
    sendJson(response, 200, { response: `Token is invalid [${authentication.reason}]`, status: 400 });
    return;
  }
  const used = state.monthlyUsage.get(authentication.key.config.key) ?? 0;
  if (path === '/server/count-monthly-tokens') return sendJson(response, 200, { response: used, status: 200 });
  if (path === '/server/count-monthly-teach-tokens') return sendJson(response, 200, { response: 0, status: 200 });
  if (path === '/server/count-monthly-tokens-left-with-org') {
    return sendJson(response, 200, { response: Math.max(0, state.monthlyTokenLimit - used), status: 200 });
  }
  const fields = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  if (typeof fields.content !== 'string' || fields.content === '') {
    // [SPEC-FULL] documents a 400 for empty content; delivered here as AskSage's usual HTTP-200 envelope (UNCERTAIN).
    return sendJson(response, 200, { response: 'Content is required', status: 400 });
  }
  const modelTokens = estimateTokenCount(fields.content);
  const convert = fields.convert_to_asksage === true || fields.convert_to_asksage === 'true';
  const count = convert ? Math.ceil(modelTokens * ASKSAGE_TOKENS_PER_MODEL_TOKEN) : modelTokens;
  sendJson(response, 200, { response: String(count), status: 200 });
}
