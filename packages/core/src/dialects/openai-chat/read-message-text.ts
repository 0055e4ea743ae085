import { ProxyError } from '../../errors/proxy-error';
import { quoteClientValue } from '../quote-client-value';

/** Options of `readMessageText`. */
export interface ReadMessageTextOptions {
  /** Assistant and legacy function messages may have `content: null`. */
  allowNull?: boolean;
  /** Assistant messages may carry `{type: "refusal", refusal}` parts; their text is part of the turn. */
  allowRefusal?: boolean;
}

function describeUnsupportedPart(type: unknown, param: string): string {
  if (type === 'image_url') {
    return `${param} is an image, but the proxy does not support vision (image input) yet. Send the content as text.`;
  }
  return `${param} has type ${quoteClientValue(type)}; the proxy can only send text to AskSage. Send the content as text.`;
}

/** The text of one content part; `param` names it (`messages[3].content[1]`). Non-text parts throw `unsupported_content`. */
export function readContentPartText(part: unknown, param: string, options: ReadMessageTextOptions = {}): string {
  if (!part || typeof part !== 'object') {
    throw new ProxyError('invalid_request', `${param} must be a content part object.`, { param });
  }
  const { type, text, refusal } = part as { type?: unknown; text?: unknown; refusal?: unknown };
  if (type === 'text' && typeof text === 'string') return text;
  if (type === 'text') throw new ProxyError('invalid_request', `${param}.text must be a string.`, { param: `${param}.text` });
  if (type === 'refusal' && options.allowRefusal && typeof refusal === 'string') return refusal;
  // Never drop a part silently (the reference proxy dropped images): the model would answer without it.
  throw new ProxyError('unsupported_content', describeUnsupportedPart(type, param), { param });
}

/**
 * The text of a message's `content`. `messagePath` is like `messages[3]`; errors name the exact part, e.g.
 * `messages[3].content[1]`. Text parts are joined with "\n" so words of adjacent parts never run together
 * (the reference proxy did the same); non-text parts throw `unsupported_content`.
 */
export function readMessageText(content: unknown, messagePath: string, options: ReadMessageTextOptions = {}): string {
  const param = `${messagePath}.content`;
  if (typeof content === 'string') return content;
  if ((content === null || content === undefined) && options.allowNull) return '';
  if (!Array.isArray(content)) {
    throw new ProxyError('invalid_request', `${param} must be a string or an array of content parts.`, { param });
  }
  return content.map((part, index) => readContentPartText(part, `${param}[${index}]`, options)).join('\n');
}
