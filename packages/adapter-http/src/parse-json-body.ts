import { ProxyError } from '@asksage-proxy/core';
import { locateJsonSyntaxError } from './locate-json-syntax-error';

// fatal: a body that is not UTF-8 is refused instead of being silently filled with U+FFFD (body-parser's default).
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

/** Describes where `position` is, in the terms an editor shows. */
function describePosition(text: string, position: number): string {
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < position; index = text.indexOf('\n', index + 1)) {
    line += 1;
    lineStart = index + 1;
  }
  return `position ${position} (line ${line}, column ${position - lineStart + 1})`;
}

/**
 * Raw request bytes -> parsed JSON value. Throws `invalid_request` naming what is wrong and where
 * (empty body, invalid UTF-8, syntax error with its position), never echoing the body back.
 */
export function parseJsonBody(bytes: Uint8Array): unknown {
  if (bytes.length === 0) throw new ProxyError('invalid_request', 'the request body is empty; send a JSON object with model and messages');
  let text: string;
  try {
    text = utf8Decoder.decode(bytes);
  } catch {
    throw new ProxyError('invalid_request', 'the request body is not valid UTF-8; send JSON encoded as UTF-8');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const location = locateJsonSyntaxError(text);
    const where = location === undefined ? '' : `: expected ${location.expected} at ${describePosition(text, location.position)}`;
    throw new ProxyError('invalid_request', `the request body is not valid JSON${where}`);
  }
}
