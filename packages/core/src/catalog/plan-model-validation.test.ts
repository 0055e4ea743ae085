import { buildModelCache } from './build-model-cache';
import type { ModelEntry } from './model-entry';
import { parseModelCache } from './parse-model-cache';
import { planModelValidation } from './plan-model-validation';

const curated: ModelEntry[] = [
  { id: 'gpt-4o', type: 'chat', owned_by: 'openai' },
  { id: 'claude-35-sonnet', type: 'chat', aliases: ['claude-3.5-sonnet'], owned_by: 'anthropic' },
  { id: 'llma3', type: 'chat' },
];

describe('planModelValidation', () => {
  it('probes only curated models each key lists, and settles the rest without a query', () => {
    const plan = planModelValidation(curated, [
      { keyName: 'lab', models: ['gpt-4o', 'claude-35-sonnet', 'not-curated'] },
      { keyName: 'student', models: ['gpt-4o'] },
      { keyName: 'expired', failure: 'denied', detail: 'upstream_authentication' },
    ]);
    expect(plan.probes).toEqual([
      { model: 'gpt-4o', keyName: 'lab' },
      { model: 'gpt-4o', keyName: 'student' },
      { model: 'claude-35-sonnet', keyName: 'lab' },
    ]);
    expect(plan.settled.filter((result) => result.keyName === 'expired').map((result) => [result.model, result.status])).toEqual([
      ['gpt-4o', 'denied'],
      ['claude-35-sonnet', 'denied'],
      ['llma3', 'denied'],
    ]);
    expect(plan.settled).toContainEqual(expect.objectContaining({ model: 'claude-35-sonnet', keyName: 'student', status: 'denied' }));
    expect(plan.settled).toContainEqual(expect.objectContaining({ model: 'llma3', keyName: 'lab', status: 'denied' }));
    expect(JSON.stringify(plan)).not.toContain('not-curated');
  });

  it('marks every model as error for a key whose listing failed for another reason', () => {
    const plan = planModelValidation(curated, [{ keyName: 'flaky', failure: 'error' }]);
    expect(plan.probes).toEqual([]);
    expect(plan.settled.map((result) => result.status)).toEqual(['error', 'error', 'error']);
  });
});

describe('buildModelCache / parseModelCache', () => {
  const now = Date.UTC(2026, 0, 2, 3, 4, 5);
  const cache = buildModelCache(
    curated,
    [
      { model: 'gpt-4o', keyName: 'student', status: 'ok' },
      { model: 'gpt-4o', keyName: 'lab', status: 'ok' },
      { model: 'claude-35-sonnet', keyName: 'lab', status: 'ok' },
      { model: 'claude-35-sonnet', keyName: 'student', status: 'denied' },
      { model: 'llma3', keyName: 'lab', status: 'retired' },
    ],
    ['lab', 'student'],
    now,
  );

  it('keeps per-key entitlements, drops models no key can use, stamps the time and schema version', () => {
    expect(cache).toEqual({
      version: 1,
      validated_at: '2026-01-02T03:04:05.000Z',
      keys: ['lab', 'student'],
      models: [
        { id: 'gpt-4o', type: 'chat', owned_by: 'openai', keys: ['lab', 'student'] },
        { id: 'claude-35-sonnet', type: 'chat', aliases: ['claude-3.5-sonnet'], owned_by: 'anthropic', keys: ['lab'] },
      ],
      unavailable: ['llma3'],
    });
  });

  it('round-trips through JSON and rejects broken caches', () => {
    expect(parseModelCache(JSON.parse(JSON.stringify(cache)), 'cache.json')).toEqual(cache);
    expect(() => parseModelCache({ ...cache, version: 0 }, 'cache.json')).toThrow(/version/);
    expect(() => parseModelCache({ ...cache, validated_at: 'yesterday' }, 'cache.json')).toThrow(/validated_at/);
    expect(() => parseModelCache({ ...cache, models: [{ id: 'gpt-4o', type: 'chat' }] }, 'cache.json')).toThrow(/has no keys/);
    expect(() => parseModelCache({ ...cache, models: [] }, 'cache.json')).toThrow(/no usable model/);
    expect(() => parseModelCache([], 'cache.json')).toThrow(/not a model cache/);
  });
});
