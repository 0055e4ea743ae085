/** Where a JSON text first goes wrong, and what was expected there. */
export interface JsonSyntaxErrorLocation {
  /** Zero-based UTF-16 offset of the offending character (or the end of input). */
  position: number;
  /** What would have been valid at `position`, in words. */
  expected: string;
}

const whitespace = new Set([' ', '\t', '\n', '\r']);
const escapable = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const numberPattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const hexPattern = /^[0-9a-fA-F]{4}$/;

/** Returns the index after the closing quote, or the location of the defect inside the string. */
function scanString(text: string, start: number): number | JsonSyntaxErrorLocation {
  let index = start + 1;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code === 0x22) return index + 1;
    if (code < 0x20) return { position: index, expected: 'an escaped control character (\\n, \\t, \\u00XX) inside the string' };
    if (code === 0x5c) {
      const next = text[index + 1];
      if (next === 'u') {
        if (!hexPattern.test(text.slice(index + 2, index + 6))) return { position: index, expected: 'four hex digits after \\u' };
        index += 6;
        continue;
      }
      if (next === undefined || !escapable.has(next)) return { position: index, expected: 'a valid escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)' };
      index += 2;
      continue;
    }
    index += 1;
  }
  return { position: text.length, expected: 'a closing double quote (the string is not terminated)' };
}

/**
 * Finds the first syntax error of a JSON text that `JSON.parse` rejected. V8's own message only sometimes names
 * a position (and quotes the body back), so the 400 we send is built from this instead. Iterative, with an
 * explicit stack: a body of ten million `[` must not overflow the call stack.
 */
export function locateJsonSyntaxError(text: string): JsonSyntaxErrorLocation | undefined {
  const stack: Array<'object' | 'array'> = [];
  let state: 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'colon' | 'afterValue' = 'value';
  let index = 0;
  for (;;) {
    while (index < text.length && whitespace.has(text[index] as string)) index += 1;
    const char = text[index];
    const top = stack[stack.length - 1];
    if (char === undefined) {
      if (state === 'afterValue' && top === undefined) return undefined;
      return { position: index, expected: 'more input (the body ends too early)' };
    }
    if (state === 'afterValue') {
      if (top === undefined) return { position: index, expected: 'the end of the body (only one JSON value is allowed)' };
      if (char === ',') {
        state = top === 'object' ? 'key' : 'value';
      } else if ((char === '}' && top === 'object') || (char === ']' && top === 'array')) {
        stack.pop();
      } else {
        return { position: index, expected: top === 'object' ? "',' or '}'" : "',' or ']'" };
      }
      index += 1;
      continue;
    }
    if (state === 'colon') {
      if (char !== ':') return { position: index, expected: "':' after the property name" };
      state = 'value';
      index += 1;
      continue;
    }
    if (state === 'key' || state === 'keyOrClose') {
      if (char === '}' && state === 'keyOrClose') {
        stack.pop();
        state = 'afterValue';
        index += 1;
        continue;
      }
      if (char !== '"') return { position: index, expected: state === 'key' ? 'a property name in double quotes' : "a property name in double quotes or '}'" };
      const end = scanString(text, index);
      if (typeof end !== 'number') return end;
      index = end;
      state = 'colon';
      continue;
    }
    if (char === ']' && state === 'valueOrClose') {
      stack.pop();
      state = 'afterValue';
      index += 1;
      continue;
    }
    if (char === '{' || char === '[') {
      stack.push(char === '{' ? 'object' : 'array');
      state = char === '{' ? 'keyOrClose' : 'valueOrClose';
      index += 1;
      continue;
    }
    if (char === '"') {
      const end = scanString(text, index);
      if (typeof end !== 'number') return end;
      index = end;
      state = 'afterValue';
      continue;
    }
    const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, index));
    if (literal !== undefined) {
      index += literal.length;
      state = 'afterValue';
      continue;
    }
    numberPattern.lastIndex = index;
    if (numberPattern.test(text)) {
      index = numberPattern.lastIndex;
      state = 'afterValue';
      continue;
    }
    return { position: index, expected: state === 'valueOrClose' ? "a JSON value or ']'" : 'a JSON value (object, array, string, number, true, false or null)' };
  }
}
