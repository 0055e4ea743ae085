import Ajv from 'ajv';
import { ProxyError } from '@asksage-proxy/core';
import type { ChatCompletionCreateParams } from '@asksage-proxy/core';
import { chatCompletionRequestSchema } from './chat-completion-request-schema';
import { describeValidationError } from './describe-validation-error';

/** Checks a parsed body and returns it typed, or throws `invalid_request` naming the first faulty field. */
export type ChatCompletionRequestValidator = (body: unknown) => ChatCompletionCreateParams;

/**
 * Compiles the request schema once (at app creation; ajv compilation is the slow part). `allErrors` stays off:
 * the client is told about the first problem, and a body with a million bad items costs one check, not a million.
 */
export function createChatCompletionRequestValidator(): ChatCompletionRequestValidator {
  const ajv = new Ajv({ allErrors: false, verbose: true, strict: true, strictTypes: false, strictRequired: false });
  const validate = ajv.compile<ChatCompletionCreateParams>(chatCompletionRequestSchema);
  return (body) => {
    if (validate(body)) return body;
    const first = validate.errors?.[0];
    if (first === undefined) throw new ProxyError('invalid_request', 'the request body is not a valid chat completion request');
    const problem = describeValidationError(first);
    throw new ProxyError('invalid_request', problem.message, { param: problem.param });
  };
}
