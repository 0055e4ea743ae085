import type { ModelCatalog } from '../catalog/model-catalog';
import { normalizeAnthropicModelName } from '../dialects/anthropic-messages/normalize-anthropic-model-name';
import { isProxyError } from '../errors/proxy-error';
import type { KeyPool } from '../key-pool/key-pool';
import { checkPassthroughBody, preparePassthroughBody } from '../passthrough/prepare-passthrough-body';
import type { PassthroughImageUrls } from '../passthrough/inline-passthrough-images';
import { inlinePassthroughImages } from '../passthrough/inline-passthrough-images';
import { readPassthroughUsage } from '../passthrough/read-passthrough-usage';
import type { Clock } from '../ports/clock';
import type { ImageFetcher } from '../ports/image-fetcher';
import type { Logger } from '../ports/logger';
import type { PassthroughClient, PassthroughSurface } from '../ports/passthrough-client';
import type { ObservedOutcome, ProxyObserver } from '../ports/proxy-observer';
import type { RandomSource } from '../ports/random-source';
import type { ProxyErrorCode } from '../errors/proxy-error-code';
import { attemptPassthrough, tryParseJson } from './attempt-passthrough';
import { createRequestAbortedError } from './create-request-aborted-error';
import { createSafeObserver } from './create-safe-observer';
import { observeAttempt } from './observe-attempt';
import { outcomeOf } from './outcome-of';
import type { RequestContext } from './gateway';
import type { GatewayOptions } from './gateway-dependencies';
import { redactErrorKeys } from './redact-error-keys';
import { resolveModelRoute } from './resolve-model-route';
import type { FailoverSettings } from './with-key-failover';
import { createFailoverSettings, withKeyFailover } from './with-key-failover';
import { attachmentSettings } from './attachment-settings';
import { summarizeRequest } from './summarize-request';

/** What a passthrough request produced, ready for the HTTP layer to send as it is. */
export type PassthroughOutcome =
  /** A whole reply: a completion, or the surface's own error body in the client's dialect (its 4xx). */
  | { kind: 'reply'; model: string; status: number; headers: Readonly<Record<string, string>>; body: unknown }
  /** A stream to pipe: its reads as AskSage sends them; they throw `ProxyError`s (keys redacted) for failures later. */
  | { kind: 'stream'; model: string; status: number; headers: Readonly<Record<string, string>>; chunks: AsyncIterable<Uint8Array | string> };

/** The passthrough use case: one method for every surface. */
export interface PassthroughGateway {
  /**
   * Sends a client body to AskSage's compatibility surface with a pooled key: model resolution and entitlement,
   * the surface's limits, failover before the first byte, HTTP-200 AskSage envelopes turned into `ProxyError`s (also
   * at the start of a stream), observer events and key redaction. Rejects with `ProxyError` before anything is sent.
   */
  forward(surface: PassthroughSurface, body: unknown, context: RequestContext): Promise<PassthroughOutcome>;
}

/** Options of the passthrough use case: the gateway's retry policy plus the Anthropic default. */
export interface PassthroughGatewayOptions extends Pick<GatewayOptions, 'maxAttempts' | 'backoffBaseMs' | 'backoffMaxMs' | 'maxImageBytes' | 'maxDocumentBytes' | 'imageFetchConcurrency'> {
  /** `max_tokens` sent to the Anthropic surface when a request has none (it answers 502 without); default 4096. */
  anthropicMaxTokens?: number;
  /** Config `passthrough_image_urls`: `inline` (default) fetches image URLs and sends the bytes; `forward` sends the URLs. */
  imageUrls?: PassthroughImageUrls;
}

/** Everything `createPassthroughGateway` needs; the same key pool and catalog as the `/query` gateway. */
export interface PassthroughGatewayDependencies {
  /** AskSage's compatibility surfaces, as a port. */
  passthrough: PassthroughClient;
  keyPool: KeyPool;
  catalog: ModelCatalog;
  clock: Clock;
  random: RandomSource;
  logger: Logger;
  observer?: ProxyObserver;
  /** Downloads image URLs to inline (`imageUrls: 'inline'`); without it an image URL is refused in that mode. */
  imageFetcher?: ImageFetcher;
  options?: PassthroughGatewayOptions;
}

/** Per-request bookkeeping for observers. */
interface Run {
  surface: PassthroughSurface;
  requestId: string;
  dialect: string;
  requestedModel: string;
  model?: string;
  stream: boolean;
  startedAt: number;
  attempts: number;
  keyName?: string;
  /** Tokens of a whole reply, when the surface reported them. */
  usage?: { inputTokens: number; outputTokens: number };
  /** The caller's summary callback (the access log line). */
  onFinished: RequestContext['onFinished'];
}

/**
 * Builds the passthrough use case (docs/streaming.md "Passthrough"). The body goes to AskSage in the client's own
 * dialect, so nothing is translated; what the proxy adds is what a client cannot do alone: pooled keys with health and
 * failover, the model catalog, a bad key recognised in AskSage's HTTP-200 envelope rather than passed on as a
 * "successful" body, and the surfaces' quirks smoothed (see `preparePassthroughBody`).
 */
export function createPassthroughGateway(deps: PassthroughGatewayDependencies): PassthroughGateway {
  const { catalog, keyPool, clock, logger, passthrough } = deps;
  const observer = createSafeObserver(deps.observer, logger);
  const settings: FailoverSettings = createFailoverSettings({ keyPool, clock, random: deps.random, logger }, deps.options);
  const imageOptions = { mode: deps.options?.imageUrls ?? 'inline', ...attachmentSettings(deps.imageFetcher, deps.options) } as const;

  function finished(run: Run, outcome: ObservedOutcome, code?: ProxyErrorCode): void {
    observer.requestFinished({
      requestId: run.requestId,
      dialect: run.dialect,
      requestedModel: run.requestedModel,
      ...(run.model === undefined ? {} : { model: run.model }),
      stream: run.stream,
      outcome,
      ...(code === undefined ? {} : { code }),
      ...(run.keyName === undefined ? {} : { key: run.keyName }),
      attempts: run.attempts,
      durationMs: clock.now() - run.startedAt,
    });
    run.onFinished?.(summarizeRequest(run, code));
  }

  function failed(run: Run, error: unknown): unknown {
    finished(run, outcomeOf(error), isProxyError(error) ? error.code : 'internal_error');
    return redactErrorKeys(error, keyPool);
  }

  /** The surface's own error bodies reach the client; one that quotes a key must not. */
  function redactBody(body: unknown): unknown {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const redacted = keyPool.redactSecrets(text ?? '');
    return redacted === text ? body : tryParseJson(redacted);
  }

  function piped(run: Run, chunks: AsyncIterable<Uint8Array | string>, signal: RequestContext['signal']): AsyncIterable<Uint8Array | string> {
    return {
      async *[Symbol.asyncIterator]() {
        let completed = false;
        let failure: unknown;
        try {
          for await (const chunk of chunks) yield chunk;
          completed = true;
        } catch (error) {
          failure = error;
          throw redactErrorKeys(error, keyPool);
        } finally {
          if (completed) finished(run, 'success');
          else {
            const error = failure ?? createRequestAbortedError(signal?.reason);
            finished(run, outcomeOf(error), isProxyError(error) ? error.code : 'internal_error');
          }
        }
      },
    };
  }

  return {
    async forward(surface, body, context): Promise<PassthroughOutcome> {
      const requested = body !== null && typeof body === 'object' ? (body as { model?: unknown }).model : undefined;
      const run: Run = {
        surface,
        requestId: context.requestId,
        dialect: context.dialect ?? surface,
        requestedModel: String(requested),
        stream: body !== null && typeof body === 'object' && (body as { stream?: unknown }).stream === true,
        startedAt: clock.now(),
        attempts: 0,
        onFinished: context.onFinished,
      };
      let prepared: ReturnType<typeof preparePassthroughBody>;
      let allowed: readonly string[] | undefined;
      try {
        // Shape and limits first: a body that is not an object has no model to resolve.
        checkPassthroughBody(surface, body);
        // Anthropic clients send dated names (`claude-sonnet-4-5-20250929`): resolved as the translated route does.
        const name = surface === 'anthropic-messages' && typeof requested === 'string' ? normalizeAnthropicModelName(requested) : requested;
        const route = resolveModelRoute(catalog, keyPool, name);
        run.model = route.entry.id;
        allowed = route.allowed;
        prepared = preparePassthroughBody(surface, body, { model: route.entry.id, anthropicMaxTokens: deps.options?.anthropicMaxTokens });
        if (prepared.stripped.length > 0) {
          logger.debug('Fields the Anthropic surface refuses were removed', { requestId: run.requestId, fields: prepared.stripped.join(', ') });
        }
        // Only a valid request fetches anything, and before a key is picked: a bad image never costs a key an attempt.
        const inlined = await inlinePassthroughImages(surface, prepared.body, { ...imageOptions, ...(context.signal === undefined ? {} : { signal: context.signal }) });
        if (inlined.inlined > 0) logger.debug('Image and document URLs fetched and sent inline', { requestId: run.requestId, images: inlined.inlined });
        prepared = { ...prepared, body: inlined.body };
      } catch (error) {
        throw failed(run, error);
      }
      const model = run.model;
      const { signal } = context;
      let outcome: PassthroughOutcome;
      try {
        const result = await withKeyFailover(settings, { model, allowed, requestId: run.requestId, signal }, (key, attempt) => {
          run.attempts = attempt;
          run.keyName = key.name;
          const label = { requestId: run.requestId, dialect: run.dialect, model, key: key.name, attempt, stream: prepared.stream };
          return observeAttempt({ clock, observer }, label, () => attemptPassthrough(passthrough, { surface, body: prepared.body, stream: prepared.stream, model }, key.key, signal));
        });
        outcome = result.value;
      } catch (error) {
        throw failed(run, error);
      }
      if (outcome.kind === 'stream') {
        observer.firstEvent({ requestId: run.requestId, dialect: run.dialect, model, key: run.keyName ?? '', latencyMs: clock.now() - run.startedAt });
        return { ...outcome, chunks: piped(run, outcome.chunks, signal) };
      }
      const ok = outcome.status >= 200 && outcome.status <= 299;
      if (ok) {
        const usage = readPassthroughUsage(surface, outcome.body);
        if (usage !== undefined) {
          run.usage = { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens };
          observer.tokensUsed({ requestId: run.requestId, dialect: run.dialect, model, key: run.keyName ?? '', ...usage, source: 'upstream' });
        }
        finished(run, 'success');
        return outcome;
      }
      // The surface refused the request in the client's own dialect (unknown model, bad parameter): passed on as it is.
      finished(run, 'error', outcome.status < 500 ? 'invalid_request' : 'upstream_error');
      return { ...outcome, body: redactBody(outcome.body) };
    },
  };
}
