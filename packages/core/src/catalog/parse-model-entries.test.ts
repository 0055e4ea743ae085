import { parseModelEntries } from './parse-model-entries';

describe('parseModelEntries', () => {
  it('accepts { models: [...] } and a bare array, defaulting type to chat', () => {
    const wrapped = parseModelEntries({ models: [{ id: 'gpt-4o', aliases: ['4o'], owned_by: 'openai' }] }, 'f.json');
    const bare = parseModelEntries([{ id: 'gpt-4o', type: 'chat', aliases: ['4o'], owned_by: 'openai' }], 'f.json');
    expect(wrapped).toEqual([{ id: 'gpt-4o', type: 'chat', aliases: ['4o'], owned_by: 'openai' }]);
    expect(bare).toEqual(wrapped);
  });

  it.each([
    [{ nope: [] }, /f\.json: expected \{ "models"/],
    [[{ type: 'chat' }], /models\[0\]\.id must be a non-empty string/],
    [[{ id: 'x', type: 'image' }], /models\[0\]\.type must be "chat" or "embedding"/],
    [[{ id: 'x', aliases: 'y' }], /models\[0\]\.aliases must be an array/],
    [['gpt-4o'], /models\[0\] must be an object/],
  ])('names the file and the entry when %j is malformed', (json, message) => {
    expect(() => parseModelEntries(json, 'f.json')).toThrow(message);
  });
});
