/**
 * Describes a value found in a config for an error message, without ever echoing a long string whole (a wrongly
 * placed API key must not be printed): short strings are quoted, long ones shown by length.
 */
export function describeConfigValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return value.length <= 24 ? `the text "${value}"` : `a text of ${value.length} characters`;
  if (typeof value === 'number') return Number.isNaN(value) ? 'not a number (.nan)' : Number.isFinite(value) ? `the number ${value}` : `infinity (${value > 0 ? '' : '-'}.inf)`;
  return `${typeof value} ${String(value)}`;
}
