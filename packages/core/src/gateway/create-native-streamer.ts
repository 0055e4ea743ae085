import { createAskSageFrameReader } from '../asksage/create-asksage-frame-reader';
import { renderAskSagePromptText } from '../asksage/render-asksage-prompt-text';
import type { CompletionEvent } from '../conversation/completion-event';
import { ProxyError } from '../errors/proxy-error';
import type { KeyPool } from '../key-pool/key-pool';
import type { AbortSignalLike } from '../ports/abort-signal-like';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import type { Logger } from '../ports/logger';
import type { TokenCounter } from '../ports/token-counter';
import type { UpstreamClient, UpstreamFile } from '../ports/upstream-client';
import { createNativeEventMapper } from './create-native-event-mapper';
import { createRequestAbortedError } from './create-request-aborted-error';
import { nameRejectedKey } from './name-rejected-key';
import type { AttemptObserver } from './observe-attempt';
import { observeAttempt } from './observe-attempt';
import type { PreparedRequest, RunReport } from './prepared-request';
import { redactErrorKeys } from './redact-error-keys';
import type { FailoverSettings } from './with-key-failover';
import { withKeyFailover } from './with-key-failover';

/** What the native stream shares with the rest of the gateway. */
export interface NativeStreamerDependencies {
  settings: FailoverSettings;
  keyPool: KeyPool;
  upstream: UpstreamClient;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  tokenCounter?: TokenCounter;
  observer: AttemptObserver;
  /** Models whose streamed text AskSage's final reply contradicted; this streamer adds to it, the gateway reads it. */
  synthesizedOnly: Set<string>;
  /** The per-call options of an upstream call (the key, the signal and the attached images). */
  callOptions(prepared: PreparedRequest, apiKey: string, signal: AbortSignalLike | undefined): { apiKey: string; signal?: AbortSignalLike; files?: readonly UpstreamFile[] };
  /** Reports the request's end to observers and the caller, once. */
  finished(prepared: PreparedRequest, report: RunReport, error?: unknown): void;
}

/** A stream that stopped before AskSage's final envelope: the answer is incomplete. */
function endedEarly(): ProxyError {
  return new ProxyError('upstream_bad_response', 'AskSage ended the stream before its final reply; the answer is incomplete.', { isRetryable: true, keyVerdict: 'failure' });
}

/**
 * The gateway's native stream: AskSage's `@|@sep@|@` frames become neutral events as they arrive. Failover covers
 * everything up to the first event (the attempt opens the stream and reads until it has one); after it, a failure is
 * the client's in-band error. A model whose final reply contradicts its streamed text is put on `synthesizedOnly`.
 */
export function createNativeStreamer(deps: NativeStreamerDependencies): (prepared: PreparedRequest, signal: AbortSignalLike) => AsyncGenerator<CompletionEvent, void, undefined> {
  const { settings, keyPool, upstream, clock, ids, logger, observer, synthesizedOnly } = deps;
  return async function* natively(prepared, signal) {
    const report: RunReport = { attempts: 0 };
    const promptText = renderAskSagePromptText(prepared.query);
    const streamingQuery = { ...prepared.query, streaming: true };
    const opened = await withKeyFailover(settings, { model: prepared.model, allowed: prepared.allowed, requestId: prepared.requestId, signal }, (key, attempt) => {
      report.attempts = attempt;
      report.keyName = key.name;
      const label = { requestId: prepared.requestId, dialect: prepared.dialect, model: prepared.model, key: key.name, attempt, stream: true };
      return observeAttempt({ clock, observer }, label, async () => {
        const body = await upstream.streamQuery(streamingQuery, deps.callOptions(prepared, key.key, signal));
        const iterator = body[Symbol.asyncIterator]();
        const reader = createAskSageFrameReader();
        const mapper = createNativeEventMapper({ conversation: prepared.request.conversation, ids, tokenCounter: deps.tokenCounter, promptText });
        let pending: CompletionEvent[] = [];
        try {
          while (pending.length === 0 && !mapper.finished) {
            const next = await iterator.next();
            pending = mapper.map(next.done === true ? reader.end() : reader.push(next.value));
            // Nothing reached the client yet: an error now fails over, even with text read in the same batch.
            if (mapper.failure !== undefined) throw mapper.failure;
            if (next.done === true && !mapper.finished) throw endedEarly();
          }
        } catch (error) {
          void iterator.return?.()?.catch(() => undefined);
          throw error;
        }
        return { iterator, reader, mapper, pending };
      }, (error) => nameRejectedKey(error, key.name));
    }).catch((error: unknown) => {
      deps.finished(prepared, report, error);
      throw redactErrorKeys(error, keyPool);
    });
    const { iterator, reader, mapper } = opened.value;
    observer.firstEvent({ requestId: prepared.requestId, dialect: prepared.dialect, model: prepared.model, key: opened.keyName, latencyMs: clock.now() - prepared.startedAt });
    let completed = false;
    let failure: unknown;
    let reported = false;
    // Bookkeeping of the final envelope happens before the finish is handed over: a renderer may stop reading there.
    const reportFinal = (): void => {
      if (reported || !mapper.finished) return;
      reported = true;
      if (mapper.textMismatch && !synthesizedOnly.has(prepared.model)) {
        synthesizedOnly.add(prepared.model);
        logger.warn('AskSage streamed text that its final reply does not continue; this model is streamed from whole replies from now on', { model: prepared.model, requestId: prepared.requestId });
      }
      const usage = mapper.usage;
      report.usage = usage;
      if (usage !== undefined) {
        observer.tokensUsed({ requestId: prepared.requestId, dialect: prepared.dialect, model: prepared.model, key: opened.keyName, inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, ...(usage.asksageTokens === undefined ? {} : { asksageTokens: usage.asksageTokens }), source: usage.source });
      }
    };
    try {
      let events = opened.value.pending;
      for (;;) {
        reportFinal();
        for (const event of events) {
          if (event.type === 'finish') completed = true;
          yield event;
        }
        // After the first event an error cannot fail over: the text read before it goes out, then the error in-band.
        if (mapper.failure !== undefined) throw mapper.failure;
        if (mapper.finished) break;
        const next = await iterator.next();
        events = mapper.map(next.done === true ? reader.end() : reader.push(next.value));
        if (next.done === true && !mapper.finished && mapper.failure === undefined) throw endedEarly();
      }
    } catch (error) {
      failure = error;
      throw redactErrorKeys(error, keyPool);
    } finally {
      // Stopped early (client gone, or a failure): close the upstream connection rather than let AskSage generate on.
      if (!mapper.finished) void iterator.return?.()?.catch(() => undefined);
      deps.finished(prepared, report, completed ? undefined : (failure ?? createRequestAbortedError(signal.reason)));
    }
  };
}
