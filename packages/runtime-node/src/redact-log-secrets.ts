import { format } from 'winston';
import type { Logform } from 'winston';
import { createSecretRedactor, type SecretRedactor } from '@asksage-proxy/core';

function redactValue(value: unknown, redact: SecretRedactor, ancestors: Set<object>): unknown {
  if (typeof value === 'string') return redact(value);
  if (value === null || typeof value !== 'object') return value;
  // Only an object inside itself is circular; the same object twice side by side is logged twice.
  if (ancestors.has(value)) return '[circular]';
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => redactValue(item, redact, ancestors));
    if (value instanceof Error) {
      const described: Record<string, unknown> = { name: value.name, message: redact(value.message) };
      if (value.stack !== undefined) described.stack = redact(value.stack);
      const { code, cause } = value as Error & { code?: unknown; cause?: unknown };
      if (code !== undefined) described.code = redactValue(code, redact, ancestors);
      if (cause !== undefined) described.cause = redactValue(cause, redact, ancestors);
      return described;
    }
    const copy: Record<string, unknown> = {};
    for (const [field, inner] of Object.entries(value)) copy[field] = redactValue(inner, redact, ancestors);
    return copy;
  } finally {
    ancestors.delete(value);
  }
}

/**
 * A winston format, placed before any rendering, that removes every configured API key, every 20-character piece of
 * one, and anything key-like from the message and from every field at any depth: core's one rule set
 * (`createSecretRedactor`), the same that cleans text sent to clients. It is the last line of defence: code logs key
 * names only, but a key must not leak even when an upstream error text or a request body happens to carry one.
 * `secrets` must return a new array when the list changes (a reload): the rules are rebuilt when the reference does.
 */
export function redactLogSecrets(secrets: () => readonly string[]): Logform.Format {
  let source: readonly string[] | undefined;
  let redact: SecretRedactor = createSecretRedactor([]);
  return format((info) => {
    // Build the redactor (sorted secrets, their blocks) once per distinct secrets list, not once per line.
    const current = secrets();
    if (current !== source) {
      source = current;
      redact = createSecretRedactor(current);
    }
    const ancestors = new Set<object>();
    for (const field of Object.keys(info)) {
      info[field] = redactValue(info[field], redact, ancestors);
    }
    return info;
  })();
}
