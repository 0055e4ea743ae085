import type { CompletionEvent } from '../../conversation/completion-event';
import type { Usage } from '../../conversation/completion-result';
import { createAbortLink } from '../../gateway/create-abort-link';
import { createAbortableIterator } from '../../gateway/create-abortable-iterator';
import type { Gateway, RequestContext } from '../../gateway/gateway';
import type { DialectRequest, DialectResponseMeta, DialectServices, SseFrame } from '../dialect';
import type { DialectReply } from '../run-dialect-request';
import { renderChatUsage } from '../openai-chat/render-chat-usage';
import type { CompletionCreateParams, TextCompletion } from './completion-types';
import type { CompletionRequestOptions } from './parse-completion-request';
import { parseCompletionRequest, readPrompts } from './parse-completion-request';
import { renderCompletionStream } from './render-completion-stream';
import { renderTextCompletion } from './render-text-completion';

const addUsage = (total: Usage | undefined, usage: Usage | undefined): Usage | undefined =>
  total === undefined || usage === undefined
    ? (total ?? usage)
    : { ...total, inputTokens: total.inputTokens + usage.inputTokens, outputTokens: total.outputTokens + usage.outputTokens, totalTokens: total.totalTokens + usage.totalTokens };

/**
 * `POST /v1/completions`: one gateway call per prompt (a prompt array is one choice per prompt, as OpenAI answers it),
 * all under one id. Whole answers run in parallel; streams run one prompt after the other, each choice's chunks
 * carrying its `index`, and with `include_usage` one usage chunk with the totals at the end.
 */
export async function runCompletionsRequest(
  gateway: Gateway,
  body: CompletionCreateParams,
  requestContext: RequestContext,
  services: DialectServices,
): Promise<DialectReply> {
  const context: RequestContext = { ...requestContext, dialect: 'openai-completions' };
  const requests = readPrompts(body.prompt).map((prompt, index) => parseCompletionRequest(body, prompt, index));
  const first = requests[0] as DialectRequest<CompletionRequestOptions>;
  const created = Math.floor(services.clock.now() / 1000);
  const id = services.ids.next('cmpl-');
  if (!first.stream) {
    const outcomes = await Promise.all(requests.map((request) => gateway.complete(request, context)));
    const meta: DialectResponseMeta = { id, created, model: outcomes[0]?.model ?? first.model };
    const rendered = outcomes.map((outcome, index) => renderTextCompletion(outcome.result, meta, (requests[index] as DialectRequest<CompletionRequestOptions>).options));
    const usage = outcomes.reduce<Usage | undefined>((total, outcome) => addUsage(total, outcome.result.usage), undefined);
    const completion: TextCompletion = { ...(rendered[0] as TextCompletion), choices: rendered.flatMap((entry) => entry.choices) };
    if (usage === undefined) delete completion.usage;
    else completion.usage = renderChatUsage(usage);
    return { kind: 'json', body: completion, model: meta.model, request: first };
  }
  // Every prompt's upstream call hangs off one link, so a consumer that stops (or a client that leaves) cancels them.
  const link = createAbortLink(context.signal);
  const linked: RequestContext = { ...context, signal: link.signal };
  // Pre-stream failures of the first prompt (unknown model, no usable key) are still plain HTTP errors.
  const firstStream = await gateway.stream(first, linked).catch((error: unknown) => {
    link.dispose();
    throw error;
  });
  const meta: DialectResponseMeta = { id, created, model: firstStream.model };
  const frames = createAbortableIterator(context.signal, (signal) => {
    signal.addEventListener('abort', () => link.abort(), { once: true });
    return streamAll();
  });
  return { kind: 'stream', frames, model: firstStream.model, request: first };

  async function* streamAll(): AsyncGenerator<SseFrame, void, undefined> {
    try {
      yield* streamEach();
    } finally {
      link.dispose();
    }
  }

  async function* streamEach(): AsyncGenerator<SseFrame, void, undefined> {
    let total: Usage | undefined;
    const includeUsage = first.options.includeUsage;
    for (const [index, request] of requests.entries()) {
      const stream = index === 0 ? firstStream : await gateway.stream(request, linked);
      const counted = (async function* (): AsyncGenerator<CompletionEvent, void, undefined> {
        for await (const event of stream.events) {
          if (event.type === 'finish') total = addUsage(total, event.usage);
          yield event;
        }
      })();
      // Usage is reported once, for all prompts, after the last one.
      for await (const chunk of renderCompletionStream(counted, meta, { ...request.options, includeUsage: false })) {
        yield { data: JSON.stringify(includeUsage ? { ...chunk, usage: null } : chunk) };
      }
    }
    if (includeUsage) {
      const usageChunk: TextCompletion = { id, object: 'text_completion', created, model: meta.model, choices: [], usage: total === undefined ? null : renderChatUsage(total) };
      yield { data: JSON.stringify(usageChunk) };
    }
  }
}
