import Ajv from 'ajv';
import { ProxyError } from '@asksage-proxy/core';
import type { Dialect } from '@asksage-proxy/core';
import { describeValidationError } from './describe-validation-error';

/** Checks a parsed body against a dialect's schema; throws `invalid_request` naming the first faulty field. */
export type DialectRequestValidator = (body: unknown) => void;

const ajv = new Ajv({ allErrors: false, verbose: true, strict: true, strictTypes: false, strictRequired: false });

/**
 * Compiles the dialect's request schema once (at app creation; ajv compilation is the slow part). `allErrors` stays
 * off: the client is told about the first problem, and a body with a million bad items costs one check, not a million.
 */
export function createDialectRequestValidator(dialect: Pick<Dialect, 'id' | 'requestSchema' | 'misdirectedBodyHint'>): DialectRequestValidator {
  const validate = ajv.compile(dialect.requestSchema);
  return (body) => {
    if (validate(body)) return;
    const first = validate.errors?.[0];
    if (first === undefined) throw new ProxyError('invalid_request', `the request body is not a valid ${dialect.id} request`);
    const problem = describeValidationError(first);
    const hint = dialect.misdirectedBodyHint?.(body);
    throw new ProxyError('invalid_request', hint === undefined ? problem.message : `${problem.message}; ${hint}`, { param: problem.param });
  };
}
