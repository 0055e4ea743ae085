import type { IncomingMessage, ServerResponse } from 'node:http';
import { buildQueryEnvelope } from './build-query-envelope';
import { sendJson, sendText } from './send-json';
import type { SimulatorFaultAction } from './simulator-types';

/** AskSage's text when a model is overloaded; reported with tools by the reference proxy's README (protocol doc §2.4). */
export const OVERLOADED_TEXT = 'Sorry, the model is overloaded, please try again in a few seconds.';

const HTML_TITLES: Record<number, string> = { 200: 'OK', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Temporarily Unavailable', 504: 'Gateway Time-out' };

let errorReferenceCounter = 0;

/**
 * AskSage's documented body for an HTTP error status (protocol doc §2.6 and §6; [SPEC-FULL]):
 * 429 "Too many requests", 500 with an `error_ref`, 503 "Service temporarily unavailable".
 */
export function defaultHttpErrorBody(status: number): unknown {
  if (status === 429) return { response: 'Too many requests', status };
  if (status === 500) {
    errorReferenceCounter += 1;
    return { response: 'Internal server error', status, error_ref: `sim-${errorReferenceCounter}` };
  }
  if (status === 502 || status === 503 || status === 504) return { response: 'Service temporarily unavailable', status };
  if (status === 401) return { response: 'Unauthorized', status };
  if (status === 404) return { response: 'Not found', status };
  if (status === 413) return { response: 'Request entity too large', status };
  return { response: 'Bad request', status };
}

/**
 * Answers a request with a fault instead of the normal reply. `delay` and `script` are not handled here:
 * they change the normal reply rather than replace it. Returns false for those.
 */
export function applyFault(action: SimulatorFaultAction, request: IncomingMessage, response: ServerResponse, generation: '2026-09' | '2026-04'): boolean {
  switch (action.kind) {
    case 'http': {
      const body = action.body === undefined ? defaultHttpErrorBody(action.status) : action.body;
      const headers = action.retryAfter === undefined ? action.headers : { 'retry-after': String(action.retryAfter), ...action.headers };
      if (typeof body === 'string') sendText(response, action.status, body, 'application/json', headers);
      else sendJson(response, action.status, body, headers);
      return true;
    }
    case 'envelope':
      sendJson(response, 200, { response: action.text, status: action.status });
      return true;
    case 'overloaded':
      sendJson(response, 200, overloadedEnvelope(generation));
      return true;
    case 'stall':
      // Nothing is written: the socket stays open until the client gives up or close() destroys it.
      return true;
    case 'reset':
      request.socket.destroy();
      return true;
    case 'reset-mid-body': {
      const text = `${JSON.stringify(overloadedEnvelope(generation))}\n`;
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      response.write(text.slice(0, Math.floor(text.length / 2)), () => request.socket.destroy());
      return true;
    }
    case 'bad-json': {
      const text = JSON.stringify(overloadedEnvelope(generation));
      sendText(response, 200, text.slice(0, Math.floor(text.length / 2)), 'application/json');
      return true;
    }
    case 'html': {
      const status = action.status ?? 502;
      const title = `${status} ${HTML_TITLES[status] ?? 'Error'}`;
      sendText(response, status, `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`, 'text/html');
      return true;
    }
    case 'empty':
      sendText(response, action.status ?? 200, '', 'application/json');
      return true;
    default:
      return false;
  }
}

/** A completion-shaped envelope carrying the overloaded text; whether AskSage sends exactly this is UNCERTAIN (protocol doc §2.6). */
function overloadedEnvelope(generation: '2026-09' | '2026-04'): Record<string, unknown> {
  return buildQueryEnvelope({
    generation,
    message: OVERLOADED_TEXT,
    type: 'completion',
    toolCalls: null,
    toolCallsUnified: null,
    usage: null,
    provenance: null,
  });
}
