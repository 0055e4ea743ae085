import { interpretEmbeddingsReply } from '../asksage/interpret-embeddings-reply';
import type { ModelCatalog } from '../catalog/model-catalog';
import type { Usage } from '../conversation/completion-result';
import { isProxyError, ProxyError } from '../errors/proxy-error';
import type { KeyPool } from '../key-pool/key-pool';
import type { Clock } from '../ports/clock';
import type { UpstreamClient } from '../ports/upstream-client';
import type { EmbeddingsOutcome, EmbeddingsRequest, RequestContext } from './gateway';
import type { AttemptObserver } from './observe-attempt';
import { observeAttempt } from './observe-attempt';
import { outcomeOf } from './outcome-of';
import { redactErrorKeys } from './redact-error-keys';
import { resolveModelRoute } from './resolve-model-route';
import type { FailoverSettings } from './with-key-failover';
import { withKeyFailover } from './with-key-failover';
import { summarizeRequest } from './summarize-request';

/** What the embeddings use case shares with the rest of the gateway. */
export interface EmbedderDependencies {
  settings: FailoverSettings;
  keyPool: KeyPool;
  catalog: ModelCatalog;
  clock: Clock;
  upstream: UpstreamClient;
  /** The gateway's observer; `upstreamAttempt` also takes the error, so the gateway can track reachability. */
  observer: AttemptObserver;
}

interface EmbedReport {
  keyName?: string;
  attempts: number;
  usage?: Usage;
}

/** How many vectors an embeddings input asks for: one per string, or per token array. */
function countEmbeddingInputs(input: EmbeddingsRequest['input']): number {
  if (typeof input === 'string') return 1;
  return input.length > 0 && typeof input[0] === 'number' ? 1 : input.length;
}

/** A 404 from the embeddings route means the tenant does not have it: say which route, not a bare "status 404". */
function explainMissingEmbeddings(error: unknown): unknown {
  if (!isProxyError(error) || error.code !== 'upstream_error' || !/\(status 404\)/.test(error.message)) return error;
  return new ProxyError(
    'upstream_error',
    'This AskSage tenant does not serve embeddings: {server}/openai/v1/embeddings answered HTTP 404. Ask your AskSage administrator whether the OpenAI-compatible surface is enabled for your tenant.',
  );
}

/**
 * The gateway's `embed`: embeddings through AskSage's only embeddings API, with model resolution (embedding models
 * only), key failover, HTTP-200 envelopes as errors, observer events and key redaction of what it throws.
 */
export function createEmbedder(deps: EmbedderDependencies): (request: EmbeddingsRequest, context: RequestContext) => Promise<EmbeddingsOutcome> {
  const { settings, keyPool, catalog, clock, upstream, observer } = deps;
  return async (request: EmbeddingsRequest, context: RequestContext): Promise<EmbeddingsOutcome> => {
    const startedAt = clock.now();
    const dialect = context.dialect ?? 'openai-embeddings';
    const count = countEmbeddingInputs(request.input);
    const report: EmbedReport = { attempts: 0 };
    let model = String(request.model);
    const finish = (error?: unknown): void => {
      observer.requestFinished({
        requestId: context.requestId, dialect, requestedModel: String(request.model), model, stream: false,
        outcome: error === undefined ? 'success' : outcomeOf(error),
        ...(error === undefined ? {} : { code: isProxyError(error) ? error.code : 'internal_error' }),
        ...(report.keyName === undefined ? {} : { key: report.keyName }),
        attempts: report.attempts, durationMs: clock.now() - startedAt,
      });
      context.onFinished?.(summarizeRequest(report, error === undefined ? undefined : isProxyError(error) ? error.code : 'internal_error'));
    };
    try {
      const { entry, allowed } = resolveModelRoute(catalog, keyPool, request.model, 'embedding');
      model = entry.id;
      const body = { model: entry.id, input: request.input, ...(request.dimensions === undefined ? {} : { dimensions: request.dimensions }), ...(request.user === undefined ? {} : { user: request.user }) };
      const { value: reply, keyName } = await withKeyFailover(settings, { model: entry.id, allowed, requestId: context.requestId, signal: context.signal }, (key, attempt) => {
        report.attempts = attempt;
        report.keyName = key.name;
        const label = { requestId: context.requestId, dialect, model: entry.id, key: key.name, attempt, stream: false };
        return observeAttempt({ clock, observer }, label, async () => interpretEmbeddingsReply(await upstream.embed(body, { apiKey: key.key, signal: context.signal }), count), explainMissingEmbeddings);
      });
      if (reply.inputTokens !== undefined) {
        report.usage = { inputTokens: reply.inputTokens, outputTokens: 0, totalTokens: reply.inputTokens, source: 'upstream' };
        observer.tokensUsed({ requestId: context.requestId, dialect, model: entry.id, key: keyName, inputTokens: reply.inputTokens, outputTokens: 0, source: 'upstream' });
      }
      finish();
      return { model: entry.id, vectors: reply.vectors, ...(reply.inputTokens === undefined ? {} : { inputTokens: reply.inputTokens }) };
    } catch (error) {
      finish(error);
      throw redactErrorKeys(error, keyPool);
    }
  };
}
