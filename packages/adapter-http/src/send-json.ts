import type { ServerResponse } from 'node:http';

/**
 * Answers with a JSON body as `res.json` does for a POST (the same Content-Type and Content-Length, the status
 * already set), without Express' `res.send` layers: charset negotiation through `mime-types`, ETag and freshness
 * checks that never apply to a POST answer, a Buffer copy of the text. The completion routes answer this way
 * (issue 9: profiled under HTTPS load).
 */
export function sendJson(response: ServerResponse, body: unknown): void {
  const text = JSON.stringify(body);
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.setHeader('Content-Length', Buffer.byteLength(text));
  response.end(text);
}
