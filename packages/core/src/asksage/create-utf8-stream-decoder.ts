/** Turns UTF-8 bytes that arrive in pieces into text, whatever byte a piece ends on. */
export interface Utf8StreamDecoder {
  /** The text of every sequence this piece completes; an unfinished sequence waits for the next piece. */
  decode(bytes: Uint8Array): string;
  /** The end of the stream: an unfinished sequence becomes U+FFFD. */
  flush(): string;
}

const replacementCharacter = 0xfffd;
// String.fromCharCode.apply takes its arguments on the stack; stay well below engine limits.
const codeUnitsPerCall = 8192;

/**
 * A streaming UTF-8 decoder written out because core compiles without DOM or Node types (no `TextDecoder`).
 * It is the WHATWG Encoding Standard's UTF-8 decoder (https://encoding.spec.whatwg.org/#utf-8-decoder), so
 * invalid input becomes U+FFFD exactly as `new TextDecoder('utf-8')` in streaming mode would make it; its state
 * carries over between pieces, so a character split across network reads is decoded once, whole.
 */
export function createUtf8StreamDecoder(): Utf8StreamDecoder {
  let codePoint = 0;
  let bytesNeeded = 0;
  let bytesSeen = 0;
  let lowerBoundary = 0x80;
  let upperBoundary = 0xbf;

  function decode(bytes: Uint8Array): string {
    const units: number[] = [];
    const emit = (point: number): void => {
      if (point <= 0xffff) units.push(point);
      else units.push(0xd800 + ((point - 0x10000) >> 10), 0xdc00 + ((point - 0x10000) & 0x3ff));
    };
    for (let index = 0; index < bytes.length; index += 1) {
      const byte = bytes[index] as number;
      if (bytesNeeded === 0) {
        if (byte <= 0x7f) units.push(byte);
        else if (byte >= 0xc2 && byte <= 0xdf) [bytesNeeded, codePoint] = [1, byte & 0x1f];
        else if (byte >= 0xe0 && byte <= 0xef) {
          if (byte === 0xe0) lowerBoundary = 0xa0;
          if (byte === 0xed) upperBoundary = 0x9f;
          [bytesNeeded, codePoint] = [2, byte & 0x0f];
        } else if (byte >= 0xf0 && byte <= 0xf4) {
          if (byte === 0xf0) lowerBoundary = 0x90;
          if (byte === 0xf4) upperBoundary = 0x8f;
          [bytesNeeded, codePoint] = [3, byte & 0x07];
        } else units.push(replacementCharacter);
        continue;
      }
      if (byte < lowerBoundary || byte > upperBoundary) {
        // A broken sequence: one U+FFFD for it, and this byte starts afresh.
        [codePoint, bytesNeeded, bytesSeen, lowerBoundary, upperBoundary] = [0, 0, 0, 0x80, 0xbf];
        units.push(replacementCharacter);
        index -= 1;
        continue;
      }
      [lowerBoundary, upperBoundary] = [0x80, 0xbf];
      codePoint = (codePoint << 6) | (byte & 0x3f);
      bytesSeen += 1;
      if (bytesSeen === bytesNeeded) {
        emit(codePoint);
        [codePoint, bytesNeeded, bytesSeen] = [0, 0, 0];
      }
    }
    return fromCodeUnits(units);
  }

  function flush(): string {
    if (bytesNeeded === 0) return '';
    [codePoint, bytesNeeded, bytesSeen, lowerBoundary, upperBoundary] = [0, 0, 0, 0x80, 0xbf];
    return String.fromCharCode(replacementCharacter);
  }

  return { decode, flush };
}

function fromCodeUnits(units: number[]): string {
  let text = '';
  for (let start = 0; start < units.length; start += codeUnitsPerCall) {
    text += String.fromCharCode(...units.slice(start, start + codeUnitsPerCall));
  }
  return text;
}
