import { ProxyError } from '@asksage-proxy/core';
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionCreateParams, HealthReport, Model, ProxyService, RequestContext } from '@asksage-proxy/core';

/** A scriptable in-test ProxyService that records what the HTTP layer handed it. */
export interface FakeProxyService extends ProxyService {
  /** Every chat request received, in order, with its context. */
  calls: Array<{ params: ChatCompletionCreateParams; context: RequestContext }>;
}

const created = 1_700_000_000;

/** The models the fake serves: one with a dot, one with a slash, as real AskSage ids have. */
export const fakeModels: Model[] = [
  { id: 'gpt-4.1', object: 'model', created, owned_by: 'asksage' },
  { id: 'meta/llama-3.1-70b', object: 'model', created, owned_by: 'asksage' },
];

/** A valid non-streamed completion echoing the model. */
export function sampleCompletion(model: string, content = 'Hello there.'): ChatCompletion {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop', logprobs: null }],
    usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
  };
}

/** A valid chunk with the given delta. */
export function sampleChunk(model: string, delta: ChatCompletionChunk['choices'][number]['delta'], finishReason: 'stop' | null = null): ChatCompletionChunk {
  return { id: 'chatcmpl-1', object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }] };
}

/** Role, two content pieces, finish. */
export async function* sampleChunks(model: string): AsyncGenerator<ChatCompletionChunk> {
  yield sampleChunk(model, { role: 'assistant', content: '' });
  yield sampleChunk(model, { content: 'Hello ' });
  yield sampleChunk(model, { content: 'there.' });
  yield sampleChunk(model, {}, 'stop');
}

/** Builds the fake; any method can be replaced. */
export function createFakeProxyService(overrides: Partial<ProxyService> = {}): FakeProxyService {
  const calls: FakeProxyService['calls'] = [];
  const health: HealthReport = { status: 'ready', keys: [{ name: 'key_1', weight: 1, state: 'healthy', consecutiveFailures: 0, requests: 0, failures: 0 }] };
  const base: ProxyService = {
    createChatCompletion: async (params) => sampleCompletion(params.model),
    streamChatCompletion: async (params) => sampleChunks(params.model),
    listModels: () => ({ object: 'list', data: fakeModels }),
    retrieveModel: (id) => {
      const found = fakeModels.find((model) => model.id === id);
      if (found === undefined) throw new ProxyError('model_not_found', `model '${id}' does not exist`, { param: 'model' });
      return found;
    },
    health: () => health,
  };
  const service = { ...base, ...overrides };
  return {
    calls,
    createChatCompletion: (params, context) => {
      calls.push({ params, context });
      return service.createChatCompletion(params, context);
    },
    streamChatCompletion: (params, context) => {
      calls.push({ params, context });
      return service.streamChatCompletion(params, context);
    },
    listModels: () => service.listModels(),
    retrieveModel: (id) => service.retrieveModel(id),
    health: () => service.health(),
  };
}
