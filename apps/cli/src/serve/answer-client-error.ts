import type { Socket } from 'node:net';

const statusByCode: Record<string, [number, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout'],
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large'],
};

/**
 * Node's parser rejects some requests before Express sees them (bad header bytes, Content-Length with
 * Transfer-Encoding, a body not finished within the request timeout). Answer those with the OpenAI error envelope
 * too, then close: the connection's framing can no longer be trusted.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason] = statusByCode[error.code ?? ''] ?? [400, 'Bad Request'];
  const message =
    status === 408
      ? 'the request was not received in time; send the whole body promptly'
      : status === 431
        ? 'the request headers are too large'
        : 'the request is not valid HTTP/1.1; check the headers and body framing';
  const body = JSON.stringify({ error: { message, type: 'invalid_request_error', param: null, code: 'invalid_request' } });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
