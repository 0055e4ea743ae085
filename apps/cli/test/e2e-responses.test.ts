/**
 * The Responses API (`/v1/responses`) end to end: the real CLI process in front of the simulator, driven over raw
 * HTTP (every body and stream event checked against OpenAI's spec) and by the clients that speak it by default:
 * the OpenAI SDK, the Vercel AI SDK's default provider and the OpenAI Agents SDK.
 */
import { createOpenAI } from '@ai-sdk/openai';
import { Agent, OpenAIProvider, Runner, tool as agentTool } from '@openai/agents';
import { generateText, jsonSchema, streamText, tool } from 'ai';
import OpenAI from 'openai';
import { z } from 'zod';
import { startAskSageSimulator, type RunningSimulator } from '@asksage-proxy/asksage-simulator';
import { expectOpenAISchema, expectResponseStreamEvent } from '../../../test-support/openai-spec-validator';
import { startProxyProcess, type ProxyProcess } from './support/start-proxy-process';
import { readBodyReleasing } from './support/read-body-releasing';

const KEY = 'e2e-responses-key-'.padEnd(64, 'r');
const text = 'First line.\n\n```ts\nconst x = 1;\n```\nLast line: ünïcode ✓';
const textDirective = `[[text:${Buffer.from(text).toString('base64')}]]`;
const weatherParameters = { type: 'object' as const, properties: { city: { type: 'string' as const } }, required: ['city'], additionalProperties: false };

interface StreamedEvent {
  event: string | undefined;
  data: Record<string, unknown> & { type: string; sequence_number: number };
}

/** Reads an SSE body the way the clients do: `event:` and `data:` lines, comments skipped. */
function parseSse(body: string): StreamedEvent[] {
  return body
    .split(/\n\n/)
    .map((block) => block.split('\n').filter((line) => line !== '' && !line.startsWith(':')))
    .filter((lines) => lines.length > 0)
    .map((lines) => ({
      event: lines.find((line) => line.startsWith('event: '))?.slice('event: '.length),
      data: JSON.parse(lines.filter((line) => line.startsWith('data: ')).map((line) => line.slice('data: '.length)).join('\n')) as StreamedEvent['data'],
    }));
}

describe('Responses API end to end', () => {
  let simulator: RunningSimulator;
  let proxy: ProxyProcess;

  async function post(body: Record<string, unknown>): Promise<globalThis.Response> {
    return fetch(`${proxy.baseURL}/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }

  /** The `message` array of the n-th most recent /query AskSage received (1 = the last). */
  function lastQueryMessages(fromEnd = 1): string {
    const queries = simulator.requests().filter((request) => request.path.startsWith('/server/query'));
    return JSON.stringify((queries[queries.length - fromEnd]?.body as { message?: unknown } | undefined)?.message);
  }

  function lastQuerySystemPrompt(): string {
    const queries = simulator.requests().filter((request) => request.path.startsWith('/server/query'));
    return String((queries.at(-1)?.body as { system_prompt?: unknown } | undefined)?.system_prompt);
  }

  beforeAll(async () => {
    simulator = await startAskSageSimulator({ keys: [{ key: KEY }] });
    proxy = await startProxyProcess({
      config: {
        api_keys: [KEY],
        asksage_server_base_url: simulator.serverBaseUrl,
        asksage_user_base_url: simulator.userBaseUrl,
        response_store_max_entries: 50,
        heartbeat_seconds: 0.05,
      },
    });
  });

  afterAll(async () => {
    await proxy?.stop();
    await simulator?.close();
  });

  describe('over raw HTTP, checked against the spec', () => {
    it('answers a whole Response and a stream of spec events with the same text', async () => {
      const whole = await post({ model: 'gpt-4o', input: textDirective, store: false });
      expect(whole.status).toBe(200);
      const body = (await whole.json()) as { id: string; output: Array<{ content: Array<{ text: string }> }> };
      expectOpenAISchema('Response', body);
      expect(body.id).toMatch(/^resp_/);
      expect(body.output[0]?.content[0]?.text).toBe(text);

      const streamed = await post({ model: 'gpt-4o', input: textDirective, stream: true, store: false });
      expect(streamed.status).toBe(200);
      expect(streamed.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const events = parseSse(await streamed.text());
      for (const { event, data } of events) {
        expect(event).toBe(data.type);
        expectResponseStreamEvent(data);
      }
      expect(events.map(({ data }) => data.sequence_number)).toEqual(events.map((_event, index) => index));
      expect(events[0]?.data.type).toBe('response.created');
      expect(events.at(-1)?.data.type).toBe('response.completed');
      const deltas = events.filter(({ data }) => data.type === 'response.output_text.delta').map(({ data }) => data.delta);
      expect(deltas.join('')).toBe(text);
      const completed = events.at(-1)?.data.response as { usage: { input_tokens: number; output_tokens: number } };
      expect(completed.usage.input_tokens).toBeGreaterThan(0);
      expect(completed.usage.output_tokens).toBeGreaterThan(0);
    });

    it('keeps a stored response for GET and DELETE, keeps nothing with store: false, and answers 404 envelopes for unknown ids', async () => {
      const created = (await (await post({ model: 'gpt-4o', input: 'Remember me' })).json()) as { id: string };
      const fetched = await fetch(`${proxy.baseURL}/responses/${created.id}`);
      expect(fetched.status).toBe(200);
      const stored = await fetched.json();
      expectOpenAISchema('Response', stored);
      expect(stored).toMatchObject({ id: created.id, status: 'completed' });

      const deleted = await fetch(`${proxy.baseURL}/responses/${created.id}`, { method: 'DELETE' });
      expect(await deleted.json()).toEqual({ id: created.id, object: 'response', deleted: true });
      const gone = await fetch(`${proxy.baseURL}/responses/${created.id}`);
      expect(gone.status).toBe(404);
      const envelope = (await gone.json()) as { error: { message: string } };
      expectOpenAISchema('ErrorResponse', envelope);
      expect(envelope.error.message).toContain(created.id);

      const unstored = (await (await post({ model: 'gpt-4o', input: 'Forget me', store: false })).json()) as { id: string };
      expect((await fetch(`${proxy.baseURL}/responses/${unstored.id}`)).status).toBe(404);

      const continued = await post({ model: 'gpt-4o', input: 'Go on', previous_response_id: unstored.id });
      expect(continued.status).toBe(404);
      expect(await continued.json()).toMatchObject({ error: { param: 'previous_response_id' } });
    });

    it('resolves item_reference to an output item of a stored response, as the Vercel AI SDK sends them', async () => {
      const tools = [{ type: 'function', name: 'get_weather', strict: true, parameters: weatherParameters }];
      const first = (await (await post({ model: 'gpt-4o', input: 'Weather in Oslo?', tools })).json()) as { output: Array<{ id: string; type: string; call_id: string }> };
      const call = first.output.find((item) => item.type === 'function_call');
      expect(call?.id).toMatch(/^fc_/);
      const second = await post({
        model: 'gpt-4o',
        tools,
        input: [
          { role: 'user', content: 'Weather in Oslo?' },
          { type: 'item_reference', id: call?.id },
          { type: 'function_call_output', call_id: call?.call_id, output: 'snow, -3 C' },
        ],
      });
      expect(second.status).toBe(200);
      expect(lastQueryMessages()).toContain('get_weather');
      expect(lastQueryMessages()).toContain('snow, -3 C');
      const missing = await post({ model: 'gpt-4o', input: [{ type: 'item_reference', id: 'fc_unknown_0' }] });
      expect(missing.status).toBe(404);
      expect(await missing.json()).toMatchObject({ error: { param: 'input[0].id' } });
    });

    it('says what to fix in a malformed request, naming the field', async () => {
      const cases: Array<[Record<string, unknown>, number, string]> = [
        [{ model: 'gpt-4o' }, 400, 'input'],
        [{ model: 'gpt-4o', input: 'x', tools: [{ type: 'function', name: 'a', parameters: {} }], tool_choice: { type: 'function', name: 'b' } }, 400, 'tool_choice.name'],
        [{ model: 'gpt-4o', input: [{ role: 'user', content: [{ type: 'input_file', file_id: 'file_1' }] }] }, 400, 'input[0].content[0]'],
        [{ model: 'gpt-4o', input: [{ role: 'user', content: [{ type: 'input_text', text: 'x' }, { type: 'input_image', image_url: 'data:image/png;base64,AAAA' }] }] }, 400, 'input[0].content[1]'],
        [{ model: 'no-such-model', input: 'x' }, 404, 'model'],
      ];
      for (const [body, status, param] of cases) {
        const response = await post(body);
        const envelope = (await response.json()) as { error: { param: string | null; message: string } };
        expect({ status: response.status, param: envelope.error.param }).toEqual({ status, param });
        expectOpenAISchema('ErrorResponse', envelope);
        expect(envelope.error.message.length).toBeGreaterThan(10);
      }
    });

    it('keeps a silent stream open with keep-alive comments between response.in_progress and the text', async () => {
      // AskSage stays silent until the client has had a heartbeat: the order is held by the test, not raced by a delay.
      const hold = simulator.holdReplies();
      let response: Response;
      try {
        response = await post({ model: 'gpt-4o', input: 'think long', stream: true, store: false });
      } catch (error) {
        hold.release();
        throw error;
      }
      const body = await readBodyReleasing(response, ': keep-alive', hold.release);
      const heartbeat = body.indexOf(': keep-alive');
      expect(heartbeat).toBeGreaterThan(body.indexOf('event: response.in_progress'));
      expect(body.indexOf('event: response.output_text.delta')).toBeGreaterThan(heartbeat);
      expect(parseSse(body).at(-1)?.data.type).toBe('response.completed');
    });

    it('honours text.format json_schema on the reply: the model is told, and a fenced JSON answer arrives bare', async () => {
      const fenced = '```json\n{"city":"Paris","temperature_c":21}\n```';
      const input = `[[text:${Buffer.from(fenced).toString('base64')}]]`;
      const format = { type: 'json_schema', name: 'weather', strict: true, schema: { type: 'object', properties: { city: { type: 'string' }, temperature_c: { type: 'number' } }, required: ['city', 'temperature_c'], additionalProperties: false } };
      const whole = (await (await post({ model: 'gpt-4o', input, text: { format }, store: false })).json()) as { output: Array<{ content: Array<{ text: string }> }>; text: unknown };
      expect(JSON.parse(whole.output[0]?.content[0]?.text ?? '')).toEqual({ city: 'Paris', temperature_c: 21 });
      expect(whole.text).toEqual({ format });
      expect(lastQuerySystemPrompt()).toContain('JSON Schema');
      const streamed = parseSse(await (await post({ model: 'gpt-4o', input, text: { format }, stream: true, store: false })).text());
      const deltas = streamed.filter(({ data }) => data.type === 'response.output_text.delta').map(({ data }) => data.delta).join('');
      expect(deltas).toBe(whole.output[0]?.content[0]?.text);
    });

    it('accepts what Codex sends (namespaces, custom and hosted tools, reasoning items, unknown fields) and returns namespaced calls as sent', async () => {
      simulator.injectFault({ kind: 'script', toolCalls: [{ name: 'agents__spawn_agent', arguments: { task: 'lint' } }] });
      const response = await post({
        model: 'gpt-4o',
        stream: true,
        store: false,
        tool_choice: 'auto',
        parallel_tool_calls: true,
        reasoning: { effort: 'medium', summary: 'auto' },
        include: ['reasoning.encrypted_content'],
        prompt_cache_key: 'session-1',
        client_metadata: { session_id: 'x' },
        input: [
          { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'You are Codex.' }] },
          { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'opaque' },
          { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Spawn a linter.' }] },
        ],
        tools: [
          { type: 'function', name: 'exec_command', description: 'Run a command', strict: false, parameters: weatherParameters },
          { type: 'namespace', name: 'agents', description: 'Sub-agents', tools: [{ type: 'function', name: 'spawn_agent', strict: false, parameters: { type: 'object', properties: { task: { type: 'string' } } } }] },
          { type: 'custom', name: 'apply_patch', description: 'Patch files', format: { type: 'grammar', syntax: 'lark', definition: 'start: "x"' } },
          { type: 'web_search', external_web_access: false },
        ],
      });
      expect(response.status).toBe(200);
      const events = parseSse(await response.text());
      events.forEach(({ data }) => expectResponseStreamEvent(data));
      const done = events.find(({ data }) => data.type === 'response.output_item.done')?.data.item;
      expect(done).toMatchObject({ type: 'function_call', name: 'spawn_agent', namespace: 'agents', arguments: '{"task":"lint"}', status: 'completed' });
      expect(events.at(-1)?.data.type).toBe('response.completed');
      expect(proxy.output()).toContain('web_search');
    });
  });

  describe('OpenAI SDK', () => {
    const client = () => new OpenAI({ baseURL: proxy.baseURL, apiKey: 'unused', maxRetries: 0 });

    it('responses.create returns the text as output_text', async () => {
      const response = await client().responses.create({ model: 'gpt-4o', instructions: 'Be exact.', input: textDirective });
      expect(response.output_text).toBe(text);
      expect(response.usage?.total_tokens).toBeGreaterThan(0);
    });

    it('responses.stream streams the exact text and a final response', async () => {
      const stream = client().responses.stream({ model: 'gpt-4o', input: textDirective });
      let streamed = '';
      stream.on('response.output_text.delta', (event) => (streamed += event.delta));
      const final = await stream.finalResponse();
      expect(streamed).toBe(text);
      expect(final.output_text).toBe(text);
      // Stored before response.completed went out, so it is there at once.
      const retrieved = await client().responses.retrieve(final.id);
      expect(retrieved.output_text).toBe(text);
      await client().responses.delete(final.id);
      await expect(client().responses.retrieve(final.id)).rejects.toMatchObject({ status: 404 });
    });

    it('runs a tool loop: a function call, then the tool output reaches the model', async () => {
      const tools: OpenAI.Responses.Tool[] = [{ type: 'function', name: 'get_weather', description: 'Weather for a city', strict: true, parameters: weatherParameters }];
      const first = await client().responses.create({ model: 'gpt-4o', input: 'Weather in Paris?', tools });
      const call = first.output.find((item) => item.type === 'function_call');
      expect(call).toMatchObject({ type: 'function_call', name: 'get_weather' });
      if (call?.type !== 'function_call') throw new Error('no function call');
      expect(JSON.parse(call.arguments)).toEqual({ city: 'Chicago' });

      const second = await client().responses.create({
        model: 'gpt-4o',
        previous_response_id: first.id,
        tools,
        input: [{ type: 'function_call_output', call_id: call.call_id, output: 'sunny, 21 C' }],
      });
      expect(second.output_text.length).toBeGreaterThan(0);
      const sent = lastQueryMessages();
      expect(sent).toContain('Weather in Paris?');
      expect(sent).toContain('sunny, 21 C');
    });

    it('runs the same tool loop streamed: the call arrives through responses.stream, the streamed answer continues it', async () => {
      const tools: OpenAI.Responses.Tool[] = [{ type: 'function', name: 'get_weather', description: 'Weather for a city', strict: true, parameters: weatherParameters }];
      const first = client().responses.stream({ model: 'gpt-4o', input: 'Weather in Paris?', tools });
      let argumentsStreamed = '';
      first.on('response.function_call_arguments.delta', (event) => (argumentsStreamed += event.delta));
      const firstFinal = await first.finalResponse();
      const call = firstFinal.output.find((item) => item.type === 'function_call');
      if (call?.type !== 'function_call') throw new Error('no function call in the streamed response');
      expect(call.name).toBe('get_weather');
      expect(JSON.parse(argumentsStreamed)).toEqual(JSON.parse(call.arguments));
      const second = client().responses.stream({
        model: 'gpt-4o',
        previous_response_id: firstFinal.id,
        tools,
        input: [{ type: 'function_call_output', call_id: call.call_id, output: 'sunny, 21 C' }],
      });
      let streamed = '';
      second.on('response.output_text.delta', (event) => (streamed += event.delta));
      const secondFinal = await second.finalResponse();
      expect(secondFinal.previous_response_id).toBe(firstFinal.id);
      expect(streamed.length).toBeGreaterThan(0);
      expect(secondFinal.output_text).toBe(streamed);
      const sent = lastQueryMessages();
      expect(sent).toContain('Weather in Paris?');
      expect(sent).toContain('sunny, 21 C');
    });

    it('continues a conversation with previous_response_id', async () => {
      const first = await client().responses.create({ model: 'gpt-4o', input: 'My name is Ada.' });
      const second = await client().responses.create({ model: 'gpt-4o', previous_response_id: first.id, input: 'What is my name?' });
      expect(second.previous_response_id).toBe(first.id);
      const sent = lastQueryMessages();
      expect(sent).toContain('My name is Ada.');
      expect(sent).toContain(first.output_text.trim().slice(0, 20));
      expect(sent).toContain('What is my name?');
    });
  });

  describe('Vercel AI SDK default provider (Responses)', () => {
    const model = () => createOpenAI({ baseURL: proxy.baseURL, apiKey: 'unused' })('gpt-4o');

    it('generateText returns the answer with usage', async () => {
      const result = await generateText({ model: model(), prompt: textDirective, maxRetries: 0 });
      expect(result.text).toBe(text);
      expect(result.finishReason).toBe('stop');
      expect(result.usage.totalTokens).toBeGreaterThan(0);
    });

    it('streamText streams the exact text and finishes', async () => {
      const result = streamText({ model: model(), prompt: textDirective, maxRetries: 0 });
      let streamed = '';
      for await (const delta of result.textStream) streamed += delta;
      expect(streamed).toBe(text);
      expect(await result.finishReason).toBe('stop');
    });

    it('continues a conversation whose earlier answer it sends back as an item_reference (store is on by default)', async () => {
      const first = await generateText({ model: model(), prompt: 'My name is Ada.', maxRetries: 0 });
      const second = await generateText({
        model: model(),
        maxRetries: 0,
        messages: [{ role: 'user', content: 'My name is Ada.' }, ...first.response.messages, { role: 'user', content: 'What is my name?' }],
      });
      expect(second.text.length).toBeGreaterThan(0);
      const request = second.request.body as { input: Array<{ type?: string; id?: string }> };
      expect(request.input.some((item) => item.type === 'item_reference' && item.id?.startsWith('msg_'))).toBe(true);
      // The referenced answer reached AskSage as the assistant's turn.
      expect(lastQueryMessages()).toContain(first.text.slice(0, 30));
    });

    it('runs a tool with execute over two steps', async () => {
      const seen: unknown[] = [];
      const result = await generateText({
        model: model(),
        prompt: 'What is the weather in Paris?',
        maxRetries: 0,
        tools: {
          get_weather: tool({
            description: 'Current weather for a city',
            inputSchema: jsonSchema<{ city: string }>(weatherParameters),
            execute: async (input) => {
              seen.push(input);
              return { temperature_c: 21 };
            },
          }),
        },
        stopWhen: ({ steps }) => steps.length >= 3,
      });
      expect(seen).toEqual([{ city: 'Chicago' }]);
      expect(result.steps).toHaveLength(2);
      expect(result.finishReason).toBe('stop');
      expect(result.text.length).toBeGreaterThan(0);
      expect(lastQueryMessages()).toContain('temperature_c');
    });
  });

  describe('OpenAI Agents SDK', () => {
    it('runs an agent with a tool to its final output', async () => {
      const calls: string[] = [];
      const getWeather = agentTool({
        name: 'get_weather',
        description: 'Current weather for a city',
        parameters: z.object({ city: z.string() }),
        execute: async ({ city }) => {
          calls.push(city);
          return `Sunny in ${city}`;
        },
      });
      const agent = new Agent({ name: 'Weather agent', instructions: 'Answer with the weather.', model: 'gpt-4o', tools: [getWeather] });
      const runner = new Runner({ modelProvider: new OpenAIProvider({ apiKey: 'unused', baseURL: proxy.baseURL, useResponses: true }), tracingDisabled: true });
      const result = await runner.run(agent, 'Weather in Paris?');
      expect(calls).toEqual(['Chicago']);
      expect(typeof result.finalOutput).toBe('string');
      expect(String(result.finalOutput).length).toBeGreaterThan(0);
      expect(lastQueryMessages()).toContain('Sunny in Chicago');
    });

    it('streams an agent run to its final output', async () => {
      const agent = new Agent({ name: 'Echo agent', instructions: 'Repeat exactly.', model: 'gpt-4o' });
      const runner = new Runner({ modelProvider: new OpenAIProvider({ apiKey: 'unused', baseURL: proxy.baseURL, useResponses: true }), tracingDisabled: true });
      const result = await runner.run(agent, textDirective, { stream: true });
      let streamed = '';
      for await (const chunk of result.toTextStream()) streamed += chunk;
      await result.completed;
      expect(streamed).toBe(text);
      expect(result.finalOutput).toBe(text);
    });
  });

  describe('with upstream_api: passthrough', () => {
    it("hands /v1/responses to AskSage's own Responses surface, whole and streamed through the OpenAI SDK", async () => {
      simulator.reset();
      const passthrough = await startProxyProcess({
        config: { api_keys: [KEY], asksage_server_base_url: simulator.serverBaseUrl, asksage_user_base_url: simulator.userBaseUrl, upstream_api: 'passthrough' },
      });
      try {
        const client = new OpenAI({ baseURL: passthrough.baseURL, apiKey: 'unused', maxRetries: 0 });
        const whole = await client.responses.create({ model: 'gpt-4o', input: 'Hello surface' });
        expectOpenAISchema('Response', whole);
        expect(whole.output_text.length).toBeGreaterThan(0);
        // The stream is AskSage's, relayed as it is; the SDK's accumulator needs the official event sequence
        // (content_part.added before the first delta), and every event must be the spec's.
        const stream = client.responses.stream({ model: 'gpt-4o', input: 'Hello surface' });
        const types: string[] = [];
        let text = '';
        for await (const event of stream) {
          expectResponseStreamEvent(event);
          types.push(event.type);
          if (event.type === 'response.output_text.delta') text += event.delta;
        }
        const final = await stream.finalResponse();
        expect(final.status).toBe('completed');
        expect(final.output_text).toBe(whole.output_text);
        expect(text).toBe(whole.output_text);
        expect(types.slice(0, 4)).toEqual(['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added']);
        expect(types.at(-1)).toBe('response.completed');
        expect(simulator.requests().filter((request) => request.path.endsWith('/openai/v1/responses'))).toHaveLength(2);
        // The proxy keeps no response in this mode: looking one up says why, not that it expired.
        const lookup = await client.responses.retrieve(whole.id).catch((error: unknown) => error);
        expect(lookup).toBeInstanceOf(OpenAI.NotFoundError);
        expect((lookup as Error).message).toContain('upstream_api: passthrough');
      } finally {
        await passthrough.stop();
      }
    });
  });

  // Last: the failing upstream puts the key through the pool's failure handling.
  describe('failures', () => {
    it('reports an AskSage failure after the stream started as response.failed, then ends the stream', async () => {
      simulator.injectFault({ kind: 'http', status: 503, times: 'always', match: { path: '/server/query' } });
      // AskSage answers only once the client has the status line, which the proxy sends with its first heartbeat: the
      // failure comes after the stream started by order, not because the retries' jittered backoff outlasted 50 ms.
      const hold = simulator.holdReplies();
      try {
        let response: Response;
        try {
          response = await post({ model: 'gpt-4o', input: 'Hello', stream: true });
        } finally {
          hold.release();
        }
        expect(response.status).toBe(200);
        const events = parseSse(await response.text());
        events.forEach(({ data }) => expectResponseStreamEvent(data));
        expect(events.map(({ data }) => data.type)).toEqual(['response.created', 'response.in_progress', 'response.failed']);
        const failed = events.at(-1)?.data.response as { id: string; status: string; error: { code: string; message: string } };
        expect(failed.id).toBe((events[0]?.data.response as { id: string }).id);
        expect(failed.status).toBe('failed');
        expect(failed.error.code).toBe('server_error');
        expect(failed.error.message).toMatch(/503|unavailable/i);
      } finally {
        simulator.reset();
      }
    });
  });
});
