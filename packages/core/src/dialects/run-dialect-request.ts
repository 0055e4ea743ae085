import { createAbortableIterator } from '../gateway/create-abortable-iterator';
import type { Gateway, RequestContext } from '../gateway/gateway';
import type { Dialect, DialectRequest, DialectResponseMeta, DialectServices, SseFrame } from './dialect';
import { markOpeningFrames } from './mark-opening-frames';

/** What a dialect request produced: a JSON body, or SSE frames to write as they come. */
export type DialectReply =
  | { kind: 'json'; body: unknown; model: string; request: DialectRequest }
  | { kind: 'stream'; frames: AsyncIterable<SseFrame>; model: string; request: DialectRequest };

/**
 * The one use case behind every completion route: the dialect turns the body into a neutral request, the gateway
 * completes or streams it, the dialect renders the result. Rejects with `ProxyError` for anything known before the
 * first byte; stream failures after that are thrown by the frames (the writer renders them in-band).
 */
export async function runDialectRequest(
  gateway: Gateway,
  dialect: Dialect,
  body: unknown,
  requestContext: RequestContext,
  services: DialectServices,
): Promise<DialectReply> {
  const context: RequestContext = { ...requestContext, dialect: dialect.id };
  const request = await dialect.parseRequest(body, services);
  // `created` is the request time, as the APIs report it, not the time AskSage finished.
  const created = Math.floor(services.clock.now() / 1000);
  const id = services.ids.next(dialect.idPrefix);
  if (request.stream) {
    const stream = await gateway.stream(request, context);
    const meta: DialectResponseMeta = { id, created, model: stream.model };
    // The renderer may be parked on the next event when the consumer stops: returning the frames must still cancel
    // the upstream call, so the events take a signal linked to the frames' own return().
    const frames = createAbortableIterator(context.signal, (signal) => {
      signal.addEventListener('abort', () => void stream.events[Symbol.asyncIterator]().return?.(), { once: true });
      return markOpeningFrames(stream.events, (events) => dialect.renderStream(events, meta, request, services));
    });
    return { kind: 'stream', frames, model: stream.model, request };
  }
  const outcome = await gateway.complete(request, context);
  const meta: DialectResponseMeta = { id, created, model: outcome.model };
  return { kind: 'json', body: await dialect.renderResult(outcome.result, meta, request, services), model: outcome.model, request };
}
