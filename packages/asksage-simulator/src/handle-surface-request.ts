import type { ServerResponse } from 'node:http';
import { composeAnswerText } from './compose-answer-text';
import type { SimulatorState } from './create-simulator-state';
import { estimateTokenCount } from './estimate-token-count';
import { RETIRED_MODEL_TEXT } from './handle-query';
import { readSurfaceUserText, renderSurfaceError, renderSurfaceReply, renderSurfaceStream } from './render-surface-reply';
import { sendJson } from './send-json';
import type { SimulatorFaultAction } from './simulator-types';
import type { SurfaceName } from './surface-paths';
import { splitText } from './write-query-stream';

/** OpenAI's own limit, enforced by AskSage's chat surface (BYOK-Adapter FINDINGS T11: 129 tools rejected). */
export const SURFACE_MAX_TOOLS = 128;

/**
 * Top-level fields the simulated Anthropic surface accepts; anything else is answered with the recorded HTTP 502
 * "Provider request failed" (FINDINGS: unknown top-level parameter, missing `max_tokens`, missing `messages`).
 */
const ANTHROPIC_FIELDS = new Set(['model', 'messages', 'max_tokens', 'system', 'metadata', 'stop_sequences', 'stream', 'temperature', 'top_p', 'top_k', 'tools', 'tool_choice', 'thinking']);

/** A surface request after body parsing, recording and fault selection. */
export interface SurfaceRequest {
  surface: SurfaceName;
  /** The Bearer token or `x-api-key` value. */
  credential: string | undefined;
  body: unknown;
  /** A `stream-error` fault: the stream breaks after its first event. */
  fault: SimulatorFaultAction | undefined;
}

let replyCounter = 0;

/**
 * Answers AskSage's compatibility surfaces: a bad or missing key gets AskSage's own HTTP-200 envelope (fixture
 * openai-compat-token-invalid-2.json: "all four passthrough flavours"), unknown and retired models the surface's 400,
 * the recorded refusals (over 128 tools on OpenAI, the Anthropic 502), and otherwise the deterministic echo answer
 * of `/query` in the surface's JSON or SSE shape, paced and held like `/query` streams.
 */
export async function handleSurfaceRequest(state: SimulatorState, request: SurfaceRequest, response: ServerResponse): Promise<void> {
  const { surface } = request;
  const authentication = state.authenticate(request.credential);
  if (!authentication.ok) return sendJson(response, 200, { response: `Token is invalid [${authentication.reason}]`, status: 400 });
  const body = request.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    if (surface === 'anthropic-messages') return sendJson(response, 502, renderSurfaceError(surface, 'api_error', 'Provider request failed'));
    return sendJson(response, 400, renderSurfaceError(surface, 'invalid_request_error', 'We could not parse the JSON body of your request.'));
  }
  const fields = body as Record<string, unknown>;
  if (surface === 'anthropic-messages') {
    const unknown = Object.keys(fields).some((name) => !ANTHROPIC_FIELDS.has(name));
    if (unknown || typeof fields.max_tokens !== 'number' || !Array.isArray(fields.messages)) {
      return sendJson(response, 502, renderSurfaceError(surface, 'api_error', 'Provider request failed'));
    }
  } else if (Array.isArray(fields.tools) && fields.tools.length > SURFACE_MAX_TOOLS) {
    const message = `Invalid 'tools': array too long. Expected an array with maximum length ${SURFACE_MAX_TOOLS}, but got an array with length ${fields.tools.length} instead.`;
    return sendJson(response, 400, renderSurfaceError(surface, 'invalid_request_error', message));
  }
  const model = typeof fields.model === 'string' ? fields.model : '';
  if (state.retiredModels.has(model)) return sendJson(response, 400, renderSurfaceError(surface, 'invalid_request_error', RETIRED_MODEL_TEXT));
  if (!state.modelSet.has(model)) return sendJson(response, 400, renderSurfaceError(surface, 'invalid_request_error', `Unsupported model: ${model}`));
  if (authentication.key.entitled && !authentication.key.entitled.has(model)) {
    // Unrecorded on the surfaces: the native text in the surface's error shape, so proxies see "not authorized".
    return sendJson(response, 403, renderSurfaceError(surface, 'permission_error', `You are not authorized to use the model ${model}.`));
  }

  const userText = readSurfaceUserText(surface, fields);
  const text = composeAnswerText(model, userText);
  replyCounter += 1;
  const meta = { id: `sim${String(replyCounter).padStart(8, '0')}`, model, created: Math.floor(state.now() / 1000), inputTokens: estimateTokenCount(JSON.stringify(fields.messages ?? fields.input ?? '')), outputTokens: estimateTokenCount(text) };
  const apiKey = authentication.key.config.key;
  state.monthlyUsage.set(apiKey, (state.monthlyUsage.get(apiKey) ?? 0) + meta.inputTokens + meta.outputTokens);
  if (fields.stream !== true) return sendJson(response, 200, renderSurfaceReply(surface, meta, text));

  const pieces = splitText(text);
  const events = renderSurfaceStream(surface, meta, pieces.length > 0 ? pieces : [text]);
  await writeSurfaceStream(state, response, events, request.fault?.kind === 'stream-error');
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Writes SSE events one at a time: counted, held after the first while `holdStreams()` is on, paced like `/query`. */
async function writeSurfaceStream(state: SimulatorState, response: ServerResponse, events: readonly string[], failAfterFirst: boolean): Promise<void> {
  if (response.destroyed) return;
  response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  for (const [index, event] of events.entries()) {
    if (response.destroyed) return;
    state.streamFramesWritten += 1;
    if (index === events.length - 1) {
      response.end(event);
      return;
    }
    const gate = state.streamGate;
    if (index === 0 && failAfterFirst) {
      // A stream that breaks after its first event: the connection drops, as a crashed upstream would. The event is
      // flushed first and the break held like any event, so a test can show the client had it before the break.
      await new Promise<void>((resolve) => response.write(event, () => resolve()));
      if (gate !== undefined) await gate;
      response.socket?.destroy();
      return;
    }
    response.write(event);
    if (index === 0 && gate !== undefined) await gate;
    if (state.streamFramePauseMs > 0) await delay(state.streamFramePauseMs);
  }
}
