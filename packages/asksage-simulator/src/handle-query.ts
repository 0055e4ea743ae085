import type { ServerResponse } from 'node:http';
import { buildQueryEnvelope } from './build-query-envelope';
import { composeQueryReply } from './compose-query-reply';
import type { SimulatorState } from './create-simulator-state';
import { sendJson } from './send-json';
import type { SimulatorFaultAction } from './simulator-types';
import { writeQueryStream } from './write-query-stream';

/** The refusal AskSage sends for a retired model id (query-retired-model-teach.json, recorded 3 times). */
export const RETIRED_MODEL_TEXT = 'Sorry, this model is no longer available. Please use a more recent version';

/** A `/query` (or `/query_stream`, `/query_with_file`) after body parsing, recording and fault selection. */
export interface QueryRequest {
  path: string;
  accessToken: string | undefined;
  fields: Record<string, unknown>;
  bodyValid: boolean;
  fileTexts: Array<{ filename: string; mimeType: string; text: string }>;
  /** A `script` or `stream-error` fault that shapes this reply. */
  fault: SimulatorFaultAction | undefined;
}

/** AskSage's temperature rule: values in (0, 1] are kept, anything else becomes 0.0 ([SPEC-FULL], protocol doc §2.2). */
export function clampTemperature(value: unknown): number {
  return typeof value === 'number' && value > 0 && value <= 1 ? value : 0;
}

/** Answers a `/query`: auth, model checks (retired, unknown, not entitled), then the envelope, whole or streamed. */
export async function handleQuery(state: SimulatorState, query: QueryRequest, response: ServerResponse): Promise<void> {
  const authentication = state.authenticate(query.accessToken);
  if (!authentication.ok) {
    sendJson(response, 200, { response: `Token is invalid [${authentication.reason}]`, status: 400 });
    return;
  }
  const { fields } = query;
  if (!query.bodyValid || (fields.message === undefined && query.fileTexts.length === 0)) {
    // [SPEC-FULL] documents "Bad request" for a bad body; whether it arrives as HTTP 400 or 200 is UNCERTAIN.
    sendJson(response, 400, { response: 'Bad request', status: 400 });
    return;
  }
  const model = typeof fields.model === 'string' && fields.model !== 'auto' ? fields.model : (state.models[0] ?? 'gpt-4o');
  if (state.retiredModels.has(model)) {
    sendJson(response, 200, buildQueryEnvelope({ generation: state.generation, message: RETIRED_MODEL_TEXT, type: 'teach', toolCalls: null, toolCallsUnified: null, usage: null, provenance: null }));
    return;
  }
  if (!state.modelSet.has(model)) {
    // Never recorded on native /query (protocol doc §2.6): a guess in AskSage's HTTP-200 envelope style.
    const text = `Model ${model} is not supported`;
    sendJson(response, 200, { response: text, message: text, status: 400 });
    return;
  }
  if (authentication.key.entitled && !authentication.key.entitled.has(model)) {
    // The real text is unknown (protocol doc §2.6); the reference proxy looks for "not authorized".
    const text = `You are not authorized to use the model ${model}.`;
    sendJson(response, 200, { response: text, message: text, status: 403 });
    return;
  }
  const script = query.fault?.kind === 'script' ? query.fault : undefined;
  const reply = composeQueryReply({
    fields,
    model,
    generation: state.generation,
    toolCallStyle: state.toolCallStyle,
    script,
    fileTexts: query.fileTexts,
    now: state.now(),
  });
  const apiKey = authentication.key.config.key;
  state.monthlyUsage.set(apiKey, (state.monthlyUsage.get(apiKey) ?? 0) + reply.billedTokens);
  if ((fields.streaming === true || query.path === '/server/query_stream') && state.streamYieldMode !== 'ignore') {
    await writeQueryStream(response, reply, {
      mode: state.streamYieldMode,
      generation: state.generation,
      failMidStream: query.fault?.kind === 'stream-error',
      pauseMs: state.streamFramePauseMs,
      gate: state.streamGate,
      onFrame: () => {
        state.streamFramesWritten += 1;
      },
    });
    return;
  }
  sendJson(response, 200, reply.envelope);
}
