import { expectOpenAISchema, expectResponseStreamEvent } from '../../../test-support/openai-spec-validator';
import { renderSurfaceReply, renderSurfaceStream } from './render-surface-reply';

const meta = { id: 'sim00000001', model: 'gpt-4o', created: 1_767_225_600, inputTokens: 3, outputTokens: 4 };
const parse = (event: string): Record<string, unknown> => {
  const [name, data] = event.split('\n');
  const value = JSON.parse(data?.replace(/^data: /, '') ?? '') as Record<string, unknown>;
  expect(name).toBe(`event: ${String(value.type)}`);
  return value;
};

describe('the simulated Responses surface', () => {
  it('answers a whole reply with a Response object the OpenAI spec accepts', () => {
    expectOpenAISchema('Response', renderSurfaceReply('openai-responses', meta, 'Hello there'));
  });

  it('streams the official event sequence, numbered from 0, every event valid against the spec', () => {
    const events = renderSurfaceStream('openai-responses', meta, ['Hello ', 'there']).map(parse);
    events.forEach((event) => expectResponseStreamEvent(event));
    expect(events.map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_event, index) => index));
    expect(events.at(-1)).toMatchObject({ response: { status: 'completed', output: [{ content: [{ type: 'output_text', text: 'Hello there' }] }] } });
  });
});
