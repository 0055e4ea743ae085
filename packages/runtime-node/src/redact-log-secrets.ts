import { format } from 'winston';
import type { Logform } from 'winston';

// AskSage API keys are 64 characters (protocol doc §1.2) and access tokens are JWTs: anything shaped like them is
// hidden even when it is not one of the configured keys (a key pasted into a model name, an upstream echo).
const keyLikeToken = /(?<![A-Za-z0-9_+/=-])[A-Za-z0-9_+/=-]{64,}(?![A-Za-z0-9_+/=-])/g;
const jsonWebToken = /eyJ[\w-]+\.[\w-]+\.[\w-]*/g;

/** What a hidden secret is replaced with. */
export const redactedMarker = '[redacted]';

/** Replaces every configured secret and every key-like token in `text`. Longest secrets first, so a key that contains another is hidden whole. */
export function redactText(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length > 0 && result.includes(secret)) result = result.split(secret).join(redactedMarker);
  }
  // Most log strings (paths, ids, codes) are shorter than any key-like token or JWT: skip the regexes for them.
  if (result.length < shortestPatternLength) return result;
  return result.replace(jsonWebToken, redactedMarker).replace(keyLikeToken, redactedMarker);
}

// A key-like token is 64 characters; the shortest JWT match is 'eyJ' + x + '.' + x + '.'.
const shortestPatternLength = 6;

function redactValue(value: unknown, secrets: readonly string[], ancestors: Set<object>): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (value === null || typeof value !== 'object') return value;
  // Only an object inside itself is circular; the same object twice side by side is logged twice.
  if (ancestors.has(value)) return '[circular]';
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets, ancestors));
    if (value instanceof Error) {
      const described: Record<string, unknown> = { name: value.name, message: redactText(value.message, secrets) };
      if (value.stack !== undefined) described.stack = redactText(value.stack, secrets);
      const { code, cause } = value as Error & { code?: unknown; cause?: unknown };
      if (code !== undefined) described.code = redactValue(code, secrets, ancestors);
      if (cause !== undefined) described.cause = redactValue(cause, secrets, ancestors);
      return described;
    }
    const copy: Record<string, unknown> = {};
    for (const [field, inner] of Object.entries(value)) copy[field] = redactValue(inner, secrets, ancestors);
    return copy;
  } finally {
    ancestors.delete(value);
  }
}

/**
 * A winston format, placed before any rendering, that removes every configured API key (and anything key-like)
 * from the message and from every field at any depth. It is the last line of defence: code logs key names only,
 * but a key must not leak even when an upstream error text or a request body happens to carry one.
 */
export function redactLogSecrets(secrets: () => readonly string[]): Logform.Format {
  let source: readonly string[] | undefined;
  let sorted: readonly string[] = [];
  return format((info) => {
    // Sort once per distinct secrets list, not once per line.
    const current = secrets();
    if (current !== source) {
      source = current;
      sorted = [...current].sort((left, right) => right.length - left.length);
    }
    const ancestors = new Set<object>();
    for (const field of Object.keys(info)) {
      info[field] = redactValue(info[field], sorted, ancestors);
    }
    return info;
  })();
}
