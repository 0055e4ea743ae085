import { isProxyError } from '../errors/proxy-error';
import type { ProxyError } from '../errors/proxy-error';
import type { ProxyErrorCode } from '../errors/proxy-error-code';

/** Throws with `message` unless `condition` holds. Runner-agnostic, unlike Jest's `expect`. */
export function assertContract(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`UpstreamClient contract violated: ${message}`);
}

/** Short, safe rendering of a value for failure messages. */
export function describeValue(value: unknown): string {
  if (value instanceof Error) return `${value.name}(${(value as { code?: unknown }).code ?? ''}): ${value.message}`;
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** Awaits `promise`, requiring it to reject with a `ProxyError` of `code`; returns that error for more checks. */
export async function assertRejectsWith(promise: Promise<unknown>, code: ProxyErrorCode, situation: string): Promise<ProxyError> {
  let outcome: { resolved: true; value: unknown } | { resolved: false; error: unknown };
  try {
    outcome = { resolved: true, value: await promise };
  } catch (error) {
    outcome = { resolved: false, error };
  }
  if (outcome.resolved) {
    throw new Error(`UpstreamClient contract violated: ${situation} must reject with ProxyError '${code}', but it resolved ${describeValue(outcome.value)}`);
  }
  const { error } = outcome;
  assertContract(isProxyError(error), `${situation} must reject with a ProxyError, got ${describeValue(error)}`);
  assertContract(error.code === code, `${situation} must reject with code '${code}', got '${error.code}' (${error.message})`);
  return error;
}

/** Requires that neither the error's message nor anything serialisable on it (cause included) contains `secret`. */
export function assertNoSecret(error: ProxyError, secret: string, situation: string): void {
  assertContract(!error.message.includes(secret), `${situation}: the error message contains the API key`);
  let serialized: string;
  try {
    serialized = JSON.stringify(error) ?? '';
  } catch (stringifyError) {
    // A raw HTTP-library error as `cause` is circular and carries request headers (the key): keep causes small.
    throw new Error(`UpstreamClient contract violated: ${situation}: the error cannot be serialised for logs (${describeValue(stringifyError)})`);
  }
  assertContract(!serialized.includes(secret), `${situation}: the serialised error (cause included) contains the API key`);
  assertContract(!String((error as { cause?: unknown }).cause ?? '').includes(secret), `${situation}: the error cause contains the API key`);
}
