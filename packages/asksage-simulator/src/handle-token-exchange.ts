import type { ServerResponse } from 'node:http';
import type { SimulatorState } from './create-simulator-state';
import { sendJson } from './send-json';

/**
 * `POST /user/get-token-with-api-key` `{email, api_key}` -> `{"response":{"access_token":…},"status":"200"}`,
 * status a STRING as recorded (get-token-with-api-key.json). Failure texts and their HTTP status are
 * UNCERTAIN ([SPEC-FULL] files them under 400): the simulator answers HTTP 200 with `status: 400`.
 */
export function handleTokenExchange(state: SimulatorState, body: unknown, response: ServerResponse): void {
  const fields = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const email = typeof fields.email === 'string' ? fields.email.trim().toLowerCase() : '';
  const apiKey = typeof fields.api_key === 'string' ? fields.api_key : '';
  if (email === '' || apiKey === '') {
    sendJson(response, 200, { response: 'Missing email or api_key', status: 400 });
    return;
  }
  const key = state.keys.get(apiKey);
  const emailMatches = key?.config.email === undefined || key.config.email.toLowerCase() === email;
  if (!key || key.invalid || !emailMatches) {
    // One text for every refusal, so the reply does not tell which of email or key was wrong.
    sendJson(response, 200, { response: 'Invalid email or API key', status: 400 });
    return;
  }
  sendJson(response, 200, { response: { access_token: state.tokens.issue(apiKey, key.index) }, status: '200' });
}
