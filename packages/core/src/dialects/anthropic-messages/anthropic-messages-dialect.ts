import type { Dialect } from '../dialect';
import { anthropicMessagesRequestSchema } from './anthropic-messages-request-schema';
import type { MessageCreateParams } from './anthropic-messages-types';
import { parseAnthropicRequest } from './parse-anthropic-request';
import type { AnthropicRequestOptions } from './parse-anthropic-request';
import { renderAnthropicError, renderAnthropicStreamError } from './render-anthropic-error';
import { renderAnthropicMessage } from './render-anthropic-message';
import { renderAnthropicStream } from './render-anthropic-stream';

/**
 * Anthropic Messages (`POST /v1/messages`), the API Claude Code and the Anthropic SDKs speak. Streams name every
 * frame and have no terminator; the heartbeat is Anthropic's own `ping` event, which the SDK skips.
 * docs/anthropic-messages.md lists what is supported and what AskSage cannot do.
 */
export const anthropicMessagesDialect: Dialect<MessageCreateParams, AnthropicRequestOptions> = {
  id: 'anthropic-messages',
  requestSchema: anthropicMessagesRequestSchema,
  idPrefix: 'msg_',
  framing: { heartbeat: { event: 'ping', data: '{"type":"ping"}' } },
  parseRequest: (body) => parseAnthropicRequest(body),
  renderResult: (result, meta, _request, services) => renderAnthropicMessage(result, meta, services.ids),
  renderStream: (events, meta, _request, services) => renderAnthropicStream(events, meta, services.ids),
  renderError: renderAnthropicError,
  renderStreamError: renderAnthropicStreamError,
};
