import Ajv from 'ajv';
import { ProxyError } from '@asksage-proxy/core';
import type { Dialect } from '@asksage-proxy/core';
import { describeValidationError } from './describe-validation-error';

/** Checks a parsed body against a dialect's schema; throws `invalid_request` naming the first faulty field. */
export type DialectRequestValidator = (body: unknown) => void;

/** A body sent to the wrong API says so: a legacy `{prompt}` body on chat is the commonest mix-up. */
function hintFor(dialectId: string, body: unknown): string {
  const fields = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  if (dialectId === 'openai-chat' && 'prompt' in fields && !('messages' in fields)) {
    return '; this body has a prompt, which is the legacy completions API: send it to POST /v1/completions, or send messages';
  }
  return '';
}

const ajv = new Ajv({ allErrors: false, verbose: true, strict: true, strictTypes: false, strictRequired: false });

/**
 * Compiles the dialect's request schema once (at app creation; ajv compilation is the slow part). `allErrors` stays
 * off: the client is told about the first problem, and a body with a million bad items costs one check, not a million.
 */
export function createDialectRequestValidator(dialect: Pick<Dialect, 'id' | 'requestSchema'>): DialectRequestValidator {
  const validate = ajv.compile(dialect.requestSchema);
  return (body) => {
    if (validate(body)) return;
    const first = validate.errors?.[0];
    if (first === undefined) throw new ProxyError('invalid_request', `the request body is not a valid ${dialect.id} request`);
    const problem = describeValidationError(first);
    throw new ProxyError('invalid_request', problem.message + hintFor(dialect.id, body), { param: problem.param });
  };
}
