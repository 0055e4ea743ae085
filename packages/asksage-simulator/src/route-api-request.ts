import type { IncomingMessage, ServerResponse } from 'node:http';
import { applyFault } from './apply-fault';
import type { SimulatorState } from './create-simulator-state';
import { clampTemperature, handleQuery } from './handle-query';
import { handleEmbeddings } from './handle-embeddings';
import { handleGetModels } from './handle-get-models';
import { handleSurfaceRequest } from './handle-surface-request';
import { SURFACE_PATHS } from './surface-paths';
import { handleTokenExchange } from './handle-token-exchange';
import { handleUsageRoute, USAGE_PATHS } from './handle-usage-routes';
import { normalizeQueryFields } from './normalize-query-fields';
import { readRequestBody } from './read-request-body';
import { sendJson } from './send-json';
import type { RecordedRequest } from './simulator-types';

const QUERY_PATHS: ReadonlySet<string> = new Set(['/server/query', '/server/query_stream', '/server/query_with_file']);

/** Waits, unless the simulator closes first (then never resolves: its sockets are gone anyway). */
export type Wait = (milliseconds: number) => Promise<void>;

/**
 * One request under `/server` or `/user`: parse, record, pick a fault, then answer like AskSage.
 * `path` has no query string; `search` is what followed the '?'.
 */
export async function routeApiRequest(
  state: SimulatorState,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  search: string,
  wait: Wait,
): Promise<void> {
  const parsed = await readRequestBody(request);
  const surface = SURFACE_PATHS.get(path);
  // The compatibility surfaces take the key as `Authorization: Bearer` (OpenAI) or `x-api-key` (Anthropic), §4.9.
  const header = surface === undefined ? request.headers['x-access-tokens'] : surface === 'anthropic-messages' ? request.headers['x-api-key'] : readBearer(request.headers.authorization);
  const accessToken = Array.isArray(header) ? header[0] : header;
  const isQuery = QUERY_PATHS.has(path);
  const fields = isQuery ? normalizeQueryFields(parsed.body, parsed.bodyType) : undefined;
  const query = search === '' ? {} : Object.fromEntries(new URLSearchParams(search));
  const key = state.resolveKey(accessToken);

  const record: RecordedRequest = {
    index: state.nextRequestIndex,
    method: request.method ?? 'GET',
    path,
    query,
    headers: request.headers,
    accessToken,
    resolvedKey: key?.config.key,
    bodyType: parsed.bodyType,
    body: fields ?? parsed.body,
    receivedAt: state.now(),
  };
  if (parsed.files.length > 0) record.files = parsed.files;
  if (fields) record.effectiveTemperature = clampTemperature(fields.temperature);
  state.nextRequestIndex += 1;
  state.recorded.push(record);
  if (state.recorded.length > state.maxRecordedRequests) state.recorded.shift();

  if (state.replyGate !== undefined) await state.replyGate;
  const requestedModel = surface === undefined ? fields?.model : (parsed.body as { model?: unknown } | undefined)?.model;
  let fault = state.faults.take({ path, key: key?.config.key, model: typeof requestedModel === 'string' ? requestedModel : undefined });
  if (fault?.kind === 'delay') {
    await wait(fault.ms);
    fault = undefined;
  }
  if (fault && applyFault(fault, request, response, state.generation)) return;
  if ((isQuery || surface !== undefined) && state.latencyMs > 0) await wait(state.latencyMs);
  if (response.destroyed || request.socket.destroyed) return;

  const method = request.method ?? 'GET';
  if (isQuery) {
    if (method !== 'POST') return sendJson(response, 405, { response: 'Method not allowed', status: 405 });
    return handleQuery(state, { path, accessToken, fields: fields ?? {}, bodyValid: parsed.valid, fileTexts: parsed.fileTexts, fault }, response);
  }
  if (surface !== undefined) {
    if (method !== 'POST') return sendJson(response, 405, { response: 'Method not allowed', status: 405 });
    return handleSurfaceRequest(state, { surface, credential: accessToken, body: parsed.valid ? parsed.body : undefined, fault }, response);
  }
  if (path === '/server/get-models') return handleGetModels(state, accessToken, query.format, response);
  if (path === '/server/openai/v1/embeddings' && method === 'POST') return handleEmbeddings(state, request.headers.authorization, parsed.body, response);
  if (path === '/user/get-token-with-api-key') {
    if (method !== 'POST') return sendJson(response, 405, { response: 'Method not allowed', status: 405 });
    return handleTokenExchange(state, parsed.body, response);
  }
  if (USAGE_PATHS.has(path)) return handleUsageRoute(state, path, accessToken, parsed.body, response);
  sendJson(response, 404, { response: 'Not found', status: 404 });
}

/** The token of an `Authorization: Bearer <token>` header. */
function readBearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return match?.[1]?.trim();
}
