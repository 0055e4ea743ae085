import { ProxyError } from '@asksage-proxy/core';
import type { CompletionEvent, CompletionRequest, CompletionResult, Gateway, HealthReport, ModelInfo, RequestContext, Usage } from '@asksage-proxy/core';

/** One completion the HTTP layer asked the gateway for. */
export interface FakeGatewayCall {
  /** Which method was called. */
  method: 'complete' | 'stream';
  /** The neutral request (the dialect's parse of the body). */
  request: CompletionRequest;
  context: RequestContext;
}

/** A scriptable in-test Gateway that records what the HTTP layer handed it. */
export interface FakeGateway extends Gateway {
  /** Every `complete` and `stream` call, in order. */
  calls: FakeGatewayCall[];
}

const created = 1_700_000_000;

/** The models the fake serves: one with a dot, one with a slash, as real AskSage ids have. */
export const fakeModels: ModelInfo[] = [
  { id: 'gpt-4.1', type: 'chat', created, ownedBy: 'asksage' },
  { id: 'meta/llama-3.1-70b', type: 'chat', created, ownedBy: 'asksage' },
];

/** The usage every sample reports. */
export const sampleUsage: Usage = { inputTokens: 3, outputTokens: 2, totalTokens: 5, source: 'upstream' };

/** A neutral whole result: `text`, no tool calls, finished by `stop`, with usage. */
export function sampleResult(text = 'Hello there.'): CompletionResult {
  return { text, toolCalls: [], finishReason: 'stop', usage: sampleUsage };
}

/** Events from a list, as the gateway's stream yields them. */
export async function* eventsOf(...events: CompletionEvent[]): AsyncGenerator<CompletionEvent> {
  yield* events;
}

/** Events that yield `before`, then throw `error`, as a stream failing after its start does. */
export async function* failingEvents(error: unknown, ...before: CompletionEvent[]): AsyncGenerator<CompletionEvent> {
  yield* before;
  throw error;
}

/** Two text deltas ('Hello ', 'there.') and the finish. */
export function sampleEvents(): AsyncGenerator<CompletionEvent> {
  return eventsOf({ type: 'text-delta', delta: 'Hello ' }, { type: 'text-delta', delta: 'there.' }, { type: 'finish', finishReason: 'stop', usage: sampleUsage });
}

/** Builds the fake; any method can be replaced. `complete` and `stream` calls are recorded before the override runs. */
export function createFakeGateway(overrides: Partial<Gateway> = {}): FakeGateway {
  const calls: FakeGatewayCall[] = [];
  const health: HealthReport = { status: 'ready', keys: [{ name: 'key_1', weight: 1, state: 'healthy', consecutiveFailures: 0, requests: 0, failures: 0 }] };
  const base: Gateway = {
    complete: async (request) => ({ result: sampleResult(), model: request.model }),
    stream: async (request) => ({ model: request.model, events: sampleEvents() }),
    countInputTokens: (request) => request.conversation.turns.length,
    embed: async (request) => ({ model: request.model, vectors: (Array.isArray(request.input) ? request.input : [request.input]).map(() => [0.5, -0.25]), inputTokens: 2 }),
    listModels: () => fakeModels,
    retrieveModel: (id) => {
      const found = fakeModels.find((model) => model.id === id);
      if (found === undefined) throw new ProxyError('model_not_found', `model '${id}' does not exist`, { param: 'model' });
      return found;
    },
    health: () => health,
  };
  const gateway = { ...base, ...overrides };
  return {
    calls,
    complete: (request, context) => {
      calls.push({ method: 'complete', request, context });
      return gateway.complete(request, context);
    },
    stream: (request, context) => {
      calls.push({ method: 'stream', request, context });
      return gateway.stream(request, context);
    },
    countInputTokens: (request) => gateway.countInputTokens(request),
    embed: (request, context) => gateway.embed(request, context),
    listModels: () => gateway.listModels(),
    retrieveModel: (id) => gateway.retrieveModel(id),
    health: () => gateway.health(),
  };
}
