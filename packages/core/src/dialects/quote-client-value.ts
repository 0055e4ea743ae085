/** Longest piece of a client's value an error message quotes. */
const maxQuotedLength = 40;

/**
 * A value the client sent, quoted for an error message (JSON, so strings show their quotes), cut after a few dozen
 * characters with its full length: error bodies and log lines must not echo a multi-megabyte field back.
 */
export function quoteClientValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > maxQuotedLength ? `${text.slice(0, maxQuotedLength)}… (${text.length} characters)` : text;
}
