import { isProxyError, ProxyError } from '../errors/proxy-error';
import { convertToAskSageQuery, convertToChatCompletion, renderAskSagePromptText } from '../translate/index';
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionCreateParams, Model, ModelList } from '../types/openai';
import type { AbortSignalLike } from '../ports/abort-signal-like';
import { createChunkStream } from './create-chunk-stream';
import { createNoHealthyKeyError } from './create-no-healthy-key-error';
import { createRequestAbortedError } from './create-request-aborted-error';
import type { HealthReport, ProxyService, RequestContext } from './proxy-service';
import type { ProxyServiceDependencies } from './proxy-service-dependencies';
import type { FailoverRequest, FailoverSettings } from './query-with-failover';
import { queryWithFailover } from './query-with-failover';
import { resolveChatModel } from './resolve-chat-model';

/** Identity of one completion: the same id and timestamp in the role chunk and in every later chunk. */
interface CompletionMeta {
  id: string;
  created: number;
  model: string;
}

/** A request that passed every check that needs no upstream call. */
interface PreparedRequest extends Omit<FailoverRequest, 'signal'> {
  /** The client's request, for what the translation applies to the reply. */
  params: ChatCompletionCreateParams;
}

/**
 * Builds the proxy's one entry point: model resolution and entitlement, OpenAI -> AskSage translation, key
 * selection with failover, and AskSage -> OpenAI translation (whole or as a synthesized stream).
 */
export function createProxyService(deps: ProxyServiceDependencies): ProxyService {
  const { catalog, keyPool, clock, ids, logger } = deps;
  const settings: FailoverSettings = {
    upstream: deps.upstream,
    keyPool,
    clock,
    random: deps.random,
    logger,
    maxAttempts: Math.max(1, deps.options?.maxAttempts ?? 3),
    backoffBaseMs: deps.options?.backoffBaseMs ?? 100,
    backoffMaxMs: deps.options?.backoffMaxMs ?? 2_000,
  };

  /** Everything that can fail before an upstream call: the model, its keys, the translation. */
  function prepare(params: ChatCompletionCreateParams, context: RequestContext): PreparedRequest {
    const { entry, allowed } = resolveChatModel(catalog, keyPool, params.model);
    const query = convertToAskSageQuery(params, { model: entry.id });
    return { query, model: entry.id, allowed, requestId: context.requestId, params };
  }

  function newMeta(model: string): CompletionMeta {
    return { id: ids.next('chatcmpl-'), created: Math.floor(clock.now() / 1000), model };
  }

  async function complete(
    prepared: PreparedRequest,
    signal: AbortSignalLike | undefined,
    meta: () => CompletionMeta,
  ): Promise<ChatCompletion> {
    const { params, ...failoverRequest } = prepared;
    const { reply } = await queryWithFailover(settings, { ...failoverRequest, signal }).catch((error: unknown) => {
      throw withKeysRedacted(error);
    });
    const { id, created, model } = meta();
    return convertToChatCompletion(reply, {
      id,
      created,
      model,
      ids,
      tokenCounter: deps.tokenCounter,
      promptText: renderAskSagePromptText(prepared.query),
      // AskSage cannot apply `stop` or `response_format`; the translation honours them on the reply.
      request: params,
    });
  }

  // AskSage's error texts are quoted to clients: one that echoes (part of) a key must not pass it on.
  function withKeysRedacted(error: unknown): unknown {
    if (!isProxyError(error)) return error;
    const message = keyPool.redactSecrets(error.message);
    if (message === error.message) return error;
    return new ProxyError(error.code, message, {
      param: error.param,
      isRetryable: error.isRetryable,
      retryAfterSeconds: error.retryAfterSeconds,
      keyVerdict: error.keyVerdict,
    });
  }

  return {
    async createChatCompletion(params: ChatCompletionCreateParams, context: RequestContext): Promise<ChatCompletion> {
      const prepared = prepare(params, context);
      // `created` is the request time, as OpenAI reports it, not the time AskSage finished.
      const meta = newMeta(prepared.model);
      return complete(prepared, context.signal, () => meta);
    },

    async streamChatCompletion(
      params: ChatCompletionCreateParams,
      context: RequestContext,
    ): Promise<AsyncIterable<ChatCompletionChunk>> {
      const prepared = prepare(params, context);
      if (context.signal?.aborted === true) throw createRequestAbortedError(context.signal.reason);
      // Known before any byte is sent: a real 503 with Retry-After, not a 200 with an in-band error, so clients
      // that back off on status codes do.
      if (!keyPool.hasUsable(prepared.allowed)) throw createNoHealthyKeyError(keyPool, prepared.allowed, prepared.model, clock.now());
      const meta = newMeta(prepared.model);
      return createChunkStream({
        meta,
        signal: context.signal,
        includeUsage: params.stream_options?.include_usage === true,
        complete: (signal) => complete(prepared, signal, () => meta),
      });
    },

    listModels(): ModelList {
      return { object: 'list', data: catalog.toOpenAIModels() };
    },

    retrieveModel(id: string): Model {
      const entry = catalog.resolve(id);
      // Like chat: a model no configured key may use is known but not offered (403 naming it, not 200).
      if (entry.keys !== undefined && entry.type === 'chat') resolveChatModel(catalog, keyPool, entry.id);
      const model = catalog.toOpenAIModels().find((candidate) => candidate.id === entry.id);
      return {
        id: entry.id,
        object: 'model',
        created: model?.created ?? entry.created ?? 0,
        owned_by: model?.owned_by ?? entry.owned_by ?? 'asksage',
      };
    },

    health(): HealthReport {
      const keys = keyPool.snapshot();
      const usable = keys.filter((status) => status.state === 'healthy' || status.state === 'half_open').length;
      const allHealthy = keys.length > 0 && keys.every((status) => status.state === 'healthy');
      return { status: allHealthy ? 'ready' : usable > 0 ? 'degraded' : 'unavailable', keys };
    },
  };
}
