import { buildAskSageQuery } from '../asksage/build-asksage-query';
import { interpretAskSageReply } from '../asksage/interpret-asksage-reply';
import { readAskSageResult } from '../asksage/read-asksage-result';
import { renderAskSagePromptText } from '../asksage/render-asksage-prompt-text';
import { synthesizeCompletionEvents } from '../asksage/synthesize-completion-events';
import type { ModelInfo } from '../catalog/model-info';
import type { CompletionEvent } from '../conversation/completion-event';
import { isProxyError } from '../errors/proxy-error';
import type { AbortSignalLike } from '../ports/abort-signal-like';
import type { UpstreamFile } from '../ports/upstream-client';
import { collectAttachmentParts, resolveAttachmentFiles } from '../images/resolve-attachment-files';
import { createAbortableIterator } from './create-abortable-iterator';
import { createEmbedder } from './create-embedder';
import { createNativeStreamer } from './create-native-streamer';
import { createNoHealthyKeyError } from './create-no-healthy-key-error';
import { createRequestAbortedError } from './create-request-aborted-error';
import { createSafeObserver } from './create-safe-observer';
import type { CompletionOutcome, CompletionRequest, CompletionStream, Gateway, HealthReport, RequestContext } from './gateway';
import type { GatewayDependencies } from './gateway-dependencies';
import { invalidKeyAction } from './invalid-key-action';
import { nameRejectedKey } from './name-rejected-key';
import type { AttemptObserver } from './observe-attempt';
import { observeAttempt } from './observe-attempt';
import { outcomeOf } from './outcome-of';
import type { PreparedRequest, RunReport } from './prepared-request';
import { redactErrorKeys } from './redact-error-keys';
import { entitledKeys, resolveModelRoute } from './resolve-model-route';
import type { FailoverSettings } from './with-key-failover';
import { createFailoverSettings, withKeyFailover } from './with-key-failover';
import { attachmentSettings } from './attachment-settings';
import { summarizeRequest } from './summarize-request';

/** A rough count when no tokenizer is wired: about four characters a token for English text. */
const estimateTokens = (text: string): number => Math.ceil(text.length / 4);

/**
 * Builds the gateway: model resolution and entitlement, the AskSage query, key selection with failover, reply
 * interpretation (HTTP-200 error envelopes are errors), the neutral result or its synthesized events, and key
 * redaction of every error it throws.
 */
export function createGateway(deps: GatewayDependencies): Gateway {
  const { catalog, keyPool, clock, ids, logger, upstream } = deps;
  const safeObserver = createSafeObserver(deps.observer, logger);
  // Every attempt's outcome also tells whether AskSage is reachable at all.
  const observer: AttemptObserver = {
    ...safeObserver,
    upstreamAttempt: (event: Parameters<typeof safeObserver.upstreamAttempt>[0], error?: unknown): void => {
      noteUpstream(event.outcome === 'success' ? undefined : error);
      safeObserver.upstreamAttempt(event);
    },
  };
  const settings: FailoverSettings = createFailoverSettings({ keyPool, clock, random: deps.random, logger }, deps.options);
  const nativeStreaming = deps.options?.nativeStreaming ?? 'auto';
  // AskSage unreachable for everyone (no key blamed): reported by /health until a call gets through.
  let unreachable: { since: number; detail: string } | undefined;
  const noteUpstream = (error?: unknown): void => {
    if (error === undefined) {
      unreachable = undefined;
      return;
    }
    // Refused, unresolvable, or no connection within the connect timeout: no key is blamed, AskSage is out of reach.
    if (isProxyError(error) && (error.code === 'upstream_unavailable' || error.code === 'upstream_timeout') && error.keyVerdict === undefined) {
      unreachable = { since: unreachable?.since ?? clock.now(), detail: keyPool.redactSecrets(error.message) };
    }
  };
  // Models whose streamed text AskSage's final reply contradicted: streamed from whole replies from then on.
  const synthesizedOnly = new Set<string>();

  /** Native streaming fits unless it is off, the model misbehaved, or the reply format needs the whole text. */
  function streamsNatively(prepared: PreparedRequest): boolean {
    const format = prepared.request.conversation.output?.type;
    return nativeStreaming === 'auto' && !synthesizedOnly.has(prepared.model) && format !== 'json_object' && format !== 'json_schema';
  }

  /** Everything that can fail before an upstream call: the model, its keys, the query. */
  function prepare(request: CompletionRequest, context: RequestContext, stream: boolean): PreparedRequest {
    const startedAt = clock.now();
    const dialect = context.dialect ?? 'library';
    try {
      const { entry, allowed } = resolveModelRoute(catalog, keyPool, request.model);
      const query = buildAskSageQuery(request.conversation, { model: entry.id });
      return { request, query, model: entry.id, allowed, requestId: context.requestId, dialect, stream, startedAt, onFinished: context.onFinished, files: [] };
    } catch (error) {
      const code = isProxyError(error) ? error.code : 'internal_error';
      observer.requestFinished({ requestId: context.requestId, dialect, requestedModel: String(request.model), stream, outcome: outcomeOf(error), code, attempts: 0, durationMs: clock.now() - startedAt });
      context.onFinished?.({ attempts: 0, code });
      throw error;
    }
  }

  const attachments = attachmentSettings(deps.imageFetcher, deps.options);

  /**
   * Resolves the images and documents to bytes: after the request was validated (nothing is fetched for a request that would be
   * refused anyway) and before a key is picked (a bad image must not cost a key an attempt or a failure mark).
   */
  async function attachImages(prepared: PreparedRequest, signal: AbortSignalLike | undefined): Promise<PreparedRequest> {
    if (collectAttachmentParts(prepared.request.conversation.turns).length === 0) return prepared;
    try {
      const files = await resolveAttachmentFiles(prepared.request.conversation.turns, { ...attachments, ...(signal === undefined ? {} : { signal }) });
      return { ...prepared, files };
    } catch (error) {
      finished(prepared, { attempts: 0 }, error);
      throw error;
    }
  }

  /** The per-call options of an upstream call: the key, the signal and the attached images. */
  function callOptions(prepared: PreparedRequest, apiKey: string, signal: AbortSignalLike | undefined): { apiKey: string; signal?: AbortSignalLike; files?: readonly UpstreamFile[] } {
    return { apiKey, ...(signal === undefined ? {} : { signal }), ...(prepared.files.length === 0 ? {} : { files: prepared.files }) };
  }

  function finished(prepared: PreparedRequest, report: RunReport, error?: unknown): void {
    observer.requestFinished({
      requestId: prepared.requestId,
      dialect: prepared.dialect,
      requestedModel: prepared.request.model,
      model: prepared.model,
      stream: prepared.stream,
      outcome: error === undefined ? 'success' : outcomeOf(error),
      ...(error === undefined ? {} : { code: isProxyError(error) ? error.code : 'internal_error' }),
      ...(report.keyName === undefined ? {} : { key: report.keyName }),
      attempts: report.attempts,
      durationMs: clock.now() - prepared.startedAt,
    });
    prepared.onFinished?.(summarizeRequest(report, error === undefined ? undefined : isProxyError(error) ? error.code : 'internal_error'));
  }

  async function run(prepared: PreparedRequest, signal: AbortSignalLike | undefined, report: RunReport): Promise<CompletionOutcome> {
    const { value: reply, keyName } = await withKeyFailover(
      settings,
      { model: prepared.model, allowed: prepared.allowed, requestId: prepared.requestId, signal },
      (key, attempt) => {
        report.attempts = attempt;
        report.keyName = key.name;
        const label = { requestId: prepared.requestId, dialect: prepared.dialect, model: prepared.model, key: key.name, attempt, stream: prepared.stream };
        return observeAttempt({ clock, observer }, label, async () => interpretAskSageReply(await upstream.query(prepared.query, callOptions(prepared, key.key, signal))), (error) => nameRejectedKey(error, key.name));
      },
    );
    const result = readAskSageResult(reply, {
      ids,
      tokenCounter: deps.tokenCounter,
      promptText: renderAskSagePromptText(prepared.query),
      conversation: prepared.request.conversation,
    });
    report.usage = result.usage;
    if (result.usage !== undefined) {
      const { inputTokens, outputTokens, asksageTokens, source } = result.usage;
      observer.tokensUsed({ requestId: prepared.requestId, dialect: prepared.dialect, model: prepared.model, key: keyName, inputTokens, outputTokens, ...(asksageTokens === undefined ? {} : { asksageTokens }), source });
    }
    return { result, model: prepared.model };
  }

  async function* synthesized(prepared: PreparedRequest, signal: AbortSignalLike): AsyncGenerator<CompletionEvent, void, undefined> {
    const report: RunReport = { attempts: 0 };
    let outcome: CompletionOutcome;
    try {
      outcome = await run(prepared, signal, report);
    } catch (error) {
      finished(prepared, report, error);
      throw redactErrorKeys(error, keyPool);
    }
    const events = synthesizeCompletionEvents(outcome.result);
    observer.firstEvent({ requestId: prepared.requestId, dialect: prepared.dialect, model: prepared.model, key: report.keyName ?? '', latencyMs: clock.now() - prepared.startedAt });
    let completed = false;
    try {
      for (const event of events) {
        // Delivered once the finish is handed over: a renderer may stop reading right after it.
        if (event.type === 'finish') completed = true;
        yield event;
      }
    } finally {
      // A consumer that stopped early (client gone) aborted the request; one that read the finish event succeeded.
      finished(prepared, report, completed ? undefined : createRequestAbortedError(signal.reason));
    }
  }

  const natively = createNativeStreamer({ settings, keyPool, upstream, clock, ids, logger, tokenCounter: deps.tokenCounter, observer, synthesizedOnly, callOptions, finished });

  return {
    async complete(request, context): Promise<CompletionOutcome> {
      const prepared = await attachImages(prepare(request, context, false), context.signal);
      const report: RunReport = { attempts: 0 };
      try {
        const outcome = await run(prepared, context.signal, report);
        finished(prepared, report);
        return outcome;
      } catch (error) {
        finished(prepared, report, error);
        throw redactErrorKeys(error, keyPool);
      }
    },

    async stream(request, context): Promise<CompletionStream> {
      const prepared = prepare(request, context, true);
      // Known before any byte is sent: a real 503 with Retry-After, not a 200 with an in-band error, so clients
      // that back off on status codes do.
      const early =
        context.signal?.aborted === true
          ? createRequestAbortedError(context.signal.reason)
          : keyPool.hasUsable(prepared.allowed)
            ? undefined
            : createNoHealthyKeyError(keyPool, prepared.allowed, prepared.model, clock.now());
      if (early !== undefined) {
        finished(prepared, { attempts: 0 }, early);
        throw early;
      }
      // Before the stream opens: a refused image is a real 400/413, not an in-band error after a 200.
      const attached = await attachImages(prepared, context.signal);
      const produce = streamsNatively(attached) ? natively : synthesized;
      return { model: attached.model, events: createAbortableIterator(context.signal, (signal) => produce(attached, signal)) };
    },

    embed: createEmbedder({ settings, keyPool, catalog, clock, upstream, observer }),

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
      // A rejected key stays out until someone fixes it: say so where operators look.
      const keys = keyPool.snapshot().map((status) => (status.state === 'invalid' ? { ...status, action: invalidKeyAction(status) } : status));
      const usable = keys.filter((status) => status.state === 'healthy' || status.state === 'half_open').length;
      const allHealthy = keys.length > 0 && keys.every((status) => status.state === 'healthy');
      if (unreachable !== undefined) return { status: 'unavailable', keys, upstream: { state: 'unreachable', ...unreachable } };
      return { status: allHealthy ? 'ready' : usable > 0 ? 'degraded' : 'unavailable', keys };
    },
  };
}
