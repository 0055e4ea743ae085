import { buildAskSageQuery } from '../asksage/build-asksage-query';
import { interpretAskSageReply } from '../asksage/interpret-asksage-reply';
import { readAskSageResult } from '../asksage/read-asksage-result';
import { renderAskSagePromptText } from '../asksage/render-asksage-prompt-text';
import { synthesizeCompletionEvents } from '../asksage/synthesize-completion-events';
import type { ModelInfo } from '../catalog/model-info';
import type { CompletionEvent } from '../conversation/completion-event';
import type { AbortSignalLike } from '../ports/abort-signal-like';
import type { AskSageQuery } from '../types/asksage';
import { createAbortableIterator } from './create-abortable-iterator';
import { createNoHealthyKeyError } from './create-no-healthy-key-error';
import { createRequestAbortedError } from './create-request-aborted-error';
import type { CompletionOutcome, CompletionRequest, CompletionStream, Gateway, HealthReport, RequestContext } from './gateway';
import type { GatewayDependencies } from './gateway-dependencies';
import { redactErrorKeys } from './redact-error-keys';
import { entitledKeys, resolveModelRoute } from './resolve-model-route';
import type { FailoverSettings } from './with-key-failover';
import { withKeyFailover } from './with-key-failover';

/** A request that passed every check that needs no upstream call. */
interface PreparedRequest {
  request: CompletionRequest;
  query: AskSageQuery;
  model: string;
  allowed: readonly string[] | undefined;
  requestId: string;
}

/** A rough count when no tokenizer is wired: about four characters a token for English text. */
const estimateTokens = (text: string): number => Math.ceil(text.length / 4);

/**
 * Builds the gateway: model resolution and entitlement, the AskSage query, key selection with failover, reply
 * interpretation (HTTP-200 error envelopes are errors), the neutral result or its synthesized events, and key
 * redaction of every error it throws.
 */
export function createGateway(deps: GatewayDependencies): Gateway {
  const { catalog, keyPool, clock, ids, logger, upstream } = deps;
  const settings: FailoverSettings = {
    keyPool,
    clock,
    random: deps.random,
    logger,
    maxAttempts: Math.max(1, deps.options?.maxAttempts ?? 3),
    backoffBaseMs: deps.options?.backoffBaseMs ?? 100,
    backoffMaxMs: deps.options?.backoffMaxMs ?? 2_000,
  };

  /** Everything that can fail before an upstream call: the model, its keys, the query. */
  function prepare(request: CompletionRequest, context: RequestContext): PreparedRequest {
    const { entry, allowed } = resolveModelRoute(catalog, keyPool, request.model);
    const query = buildAskSageQuery(request.conversation, { model: entry.id });
    return { request, query, model: entry.id, allowed, requestId: context.requestId };
  }

  async function run(prepared: PreparedRequest, signal: AbortSignalLike | undefined): Promise<CompletionOutcome> {
    const { value: reply } = await withKeyFailover(
      settings,
      { model: prepared.model, allowed: prepared.allowed, requestId: prepared.requestId, signal },
      async (key) => interpretAskSageReply(await upstream.query(prepared.query, { apiKey: key.key, signal })),
    );
    const result = readAskSageResult(reply, {
      ids,
      tokenCounter: deps.tokenCounter,
      promptText: renderAskSagePromptText(prepared.query),
      conversation: prepared.request.conversation,
    });
    return { result, model: prepared.model };
  }

  async function* synthesized(prepared: PreparedRequest, signal: AbortSignalLike): AsyncGenerator<CompletionEvent, void, undefined> {
    let outcome: CompletionOutcome;
    try {
      outcome = await run(prepared, signal);
    } catch (error) {
      throw redactErrorKeys(error, keyPool);
    }
    yield* synthesizeCompletionEvents(outcome.result);
  }

  return {
    async complete(request, context): Promise<CompletionOutcome> {
      const prepared = prepare(request, context);
      return run(prepared, context.signal).catch((error: unknown) => {
        throw redactErrorKeys(error, keyPool);
      });
    },

    async stream(request, context): Promise<CompletionStream> {
      const prepared = prepare(request, context);
      if (context.signal?.aborted === true) throw createRequestAbortedError(context.signal.reason);
      // Known before any byte is sent: a real 503 with Retry-After, not a 200 with an in-band error, so clients
      // that back off on status codes do.
      if (!keyPool.hasUsable(prepared.allowed)) throw createNoHealthyKeyError(keyPool, prepared.allowed, prepared.model, clock.now());
      return { model: prepared.model, events: createAbortableIterator(context.signal, (signal) => synthesized(prepared, signal)) };
    },

    countInputTokens(request): number {
      const text = renderAskSagePromptText(buildAskSageQuery(request.conversation, { model: request.model }));
      return deps.tokenCounter ? deps.tokenCounter.count(text) : estimateTokens(text);
    },

    listModels(): ModelInfo[] {
      return catalog.offered();
    },

    retrieveModel(id: string): ModelInfo {
      const entry = catalog.resolve(id);
      // Like completions: a model no configured key may use is known but not offered (403 naming it, not 200).
      if (entry.type === 'chat') entitledKeys(keyPool, entry);
      return catalog.describe(entry);
    },

    health(): HealthReport {
      const keys = keyPool.snapshot();
      const usable = keys.filter((status) => status.state === 'healthy' || status.state === 'half_open').length;
      const allHealthy = keys.length > 0 && keys.every((status) => status.state === 'healthy');
      return { status: allHealthy ? 'ready' : usable > 0 ? 'degraded' : 'unavailable', keys };
    },
  };
}
