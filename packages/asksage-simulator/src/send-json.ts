import type { ServerResponse } from 'node:http';

/**
 * Writes a JSON reply the way AskSage's Flask backend does: compact, with a trailing newline
 * (the recorded health.mil bodies match this byte for byte, content-length included). Serialized once.
 */
export function sendJson(response: ServerResponse, httpStatus: number, body: unknown, headers?: Record<string, string>): void {
  sendText(response, httpStatus, `${JSON.stringify(body)}\n`, 'application/json', headers);
}

/** Writes a complete text reply with an exact content-length, so keep-alive connections stay reusable. */
export function sendText(response: ServerResponse, httpStatus: number, text: string, contentType: string, headers?: Record<string, string>): void {
  if (response.destroyed || response.headersSent || response.socket?.destroyed) return;
  response.writeHead(httpStatus, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}
