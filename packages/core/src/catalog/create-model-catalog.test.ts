import { renderOpenAIModel } from '../dialects/openai-chat/render-openai-models';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isProxyError, type ProxyError } from '../errors/proxy-error';
import { createModelCatalog, fallbackModelCreated } from './create-model-catalog';
import { parseModelEntries } from './parse-model-entries';
import type { ModelEntry } from './model-entry';
import { expectOpenAISchema } from '../../../../test-support/openai-spec-validator';

const entries: ModelEntry[] = [
  { id: 'gpt-4o', type: 'chat', owned_by: 'openai' },
  { id: 'gpt-o3-mini', type: 'chat', aliases: ['o3-mini'], owned_by: 'openai' },
  { id: 'claude-35-sonnet', type: 'chat', aliases: ['claude-3.5-sonnet'], owned_by: 'anthropic' },
  { id: 'claude-37-sonnet', type: 'chat', aliases: ['claude-3.7-sonnet'] },
  { id: 'google-gemini-2.5-pro', type: 'chat', aliases: ['gemini-2.5-pro'], created: 1_750_000_000 },
];

function resolveError(catalog: ReturnType<typeof createModelCatalog>, requested: string): ProxyError {
  try {
    catalog.resolve(requested);
  } catch (error) {
    if (isProxyError(error)) return error;
    throw error;
  }
  throw new Error(`expected ${requested} not to resolve`);
}

describe('createModelCatalog dated snapshots', () => {
  it('resolves a dated snapshot name to the undated model AskSage serves, ids and aliases alike', () => {
    const catalog = createModelCatalog([{ id: 'gpt-4o', type: 'chat' }, { id: 'google-claude-45-sonnet', type: 'chat', aliases: ['claude-sonnet-4-5'] }]);
    expect(catalog.resolve('gpt-4o-2024-08-06').id).toBe('gpt-4o');
    expect(catalog.resolve('claude-sonnet-4-5-20250929').id).toBe('google-claude-45-sonnet');
    expect(() => catalog.resolve('gpt-4o-mini-2024-07-18')).toThrow(/does not exist/);
  });
});

describe('createModelCatalog', () => {
  const catalog = createModelCatalog(entries, { defaultCreated: 1_700_000_000 });

  it('resolves exact ids, aliases, then case-insensitive names', () => {
    expect(catalog.resolve('gpt-4o').id).toBe('gpt-4o');
    expect(catalog.resolve('claude-3.5-sonnet').id).toBe('claude-35-sonnet');
    expect(catalog.resolve('o3-mini').id).toBe('gpt-o3-mini');
    expect(catalog.resolve('GPT-4O').id).toBe('gpt-4o');
    expect(catalog.resolve('Gemini-2.5-Pro').id).toBe('google-gemini-2.5-pro');
  });

  it('rejects an unknown model with model_not_found on param model, naming it and the closest ids', () => {
    const error = resolveError(catalog, 'claude-3-5-sonnet');
    expect(error.code).toBe('model_not_found');
    expect(error.param).toBe('model');
    expect(error.message).toContain("'claude-3-5-sonnet'");
    expect(error.message).toContain('models endpoint');
    // Separators are ignored, so the AskSage spelling is the first suggestion.
    const suggested = error.message.match(/Did you mean (.*)\?/)?.[1] ?? '';
    expect(suggested.split(', ')[0]).toBe("'claude-35-sonnet'");
    expect(suggested.split(', ').length).toBeLessThanOrEqual(3);
  });

  it('suggests the intended id for typos and swapped characters', () => {
    expect(resolveError(catalog, 'gpt4o').message).toContain("'gpt-4o'");
    expect(resolveError(catalog, 'gpt-o3-mnii').message).toContain("'gpt-o3-mini'");
    expect(resolveError(catalog, 'gemini-25-pro').message).toContain("'google-gemini-2.5-pro'");
  });

  it('suggests nothing for a wholly unrelated name', () => {
    const error = resolveError(catalog, 'banana-bread');
    expect(error.message).not.toContain('Did you mean');
    expect(error.message).toContain('models endpoint');
  });

  it('keeps a model no key may use resolvable (for a 403) but does not list it', () => {
    const withLocked = createModelCatalog([...entries, { id: 'locked-model', type: 'chat', keys: [] }]);
    expect(withLocked.resolve('locked-model').keys).toEqual([]);
    expect(withLocked.offered().map((model) => model.id)).not.toContain('locked-model');
  });

  it('rejects a missing model as invalid_request', () => {
    expect(resolveError(catalog, '').code).toBe('invalid_request');
  });

  it('lists OpenAI models with created and owned_by defaults, aliases not listed', () => {
    const models = catalog.offered().map(renderOpenAIModel);
    expect(models.map((model) => model.id)).toEqual(entries.map((entry) => entry.id));
    expect(models[0]).toEqual({ id: 'gpt-4o', object: 'model', created: 1_700_000_000, owned_by: 'openai' });
    expect(models[3]).toEqual({ id: 'claude-37-sonnet', object: 'model', created: 1_700_000_000, owned_by: 'asksage' });
    expect(models[4]?.created).toBe(1_750_000_000);
    for (const model of models) expectOpenAISchema('Model', model);
    expect(renderOpenAIModel(createModelCatalog(entries, { defaultOwnedBy: 'lab' }).offered()[3]!)).toMatchObject({ created: fallbackModelCreated, owned_by: 'lab' });
  });

  it.each([
    ['a repeated id', [{ id: 'gpt-4o', type: 'chat' }, { id: 'gpt-4o', type: 'chat' }], /"gpt-4o".*already the id of model gpt-4o/],
    ['an alias used twice', [{ id: 'a', type: 'chat', aliases: ['x'] }, { id: 'b', type: 'chat', aliases: ['x'] }], /"x" \(alias of b\) is already an alias of model a/],
    ['an alias equal to another id', [{ id: 'a', type: 'chat' }, { id: 'b', type: 'chat', aliases: ['A'] }], /"A" \(alias of b\) is already the id of model a/],
  ] as Array<[string, ModelEntry[], RegExp]>)('rejects %s at startup', (_label, bad, message) => {
    expect(() => createModelCatalog(bad)).toThrow(message);
  });
});

describe('shipped available_models.json', () => {
  const shipped = parseModelEntries(JSON.parse(readFileSync(join(__dirname, '../../../../available_models.json'), 'utf8')), 'available_models.json');

  it('has at least 25 chat models and the embedding models, all with owners, and builds a catalog (ids and aliases unique)', () => {
    expect(shipped.filter((entry) => entry.type === 'chat').length).toBeGreaterThanOrEqual(25);
    expect(shipped.filter((entry) => entry.type === 'embedding').map((entry) => entry.id)).toEqual(['text-embedding-3-small', 'text-embedding-3-large', 'text-embedding-ada-002']);
    expect(shipped.every((entry) => typeof entry.owned_by === 'string')).toBe(true);
    expect(() => createModelCatalog(shipped)).not.toThrow();
  });

  it('maps the familiar public names to AskSage spellings', () => {
    const catalog = createModelCatalog(shipped);
    expect(catalog.resolve('claude-3.5-sonnet').id).toBe('claude-35-sonnet');
    expect(catalog.resolve('claude-3.7-sonnet').id).toBe('claude-37-sonnet');
    expect(catalog.resolve('claude-sonnet-4').id).toBe('claude-4-sonnet');
    expect(catalog.resolve('gemini-2.5-pro').id).toBe('google-gemini-2.5-pro');
    expect(catalog.resolve('o3-mini').id).toBe('gpt-o3-mini');
  });
});

describe('suggestions for hostile names', () => {
  it('answers a megabyte-long unknown model name with a plain model_not_found', () => {
    const catalog = createModelCatalog([{ id: 'gpt-4o', type: 'chat' }]);
    const error = resolveError(catalog, 'x'.repeat(1_000_000));
    expect(error.code).toBe('model_not_found');
    expect(error.message.length).toBeLessThan(1_000);
  });
});
