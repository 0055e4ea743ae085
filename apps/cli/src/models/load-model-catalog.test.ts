import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Logger } from '@asksage-proxy/core';
import { ConfigError } from '../config/config-error';
import { defaultCacheFile } from './default-cache-file';
import { loadModelCatalog } from './load-model-catalog';
import { findShippedModelsFile } from './find-shipped-models-file';

const day = 24 * 60 * 60 * 1000;
const validatedAt = Date.UTC(2026, 0, 1);

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return {
    warnings,
    debug: () => undefined,
    info: () => undefined,
    warn: (message: string) => void warnings.push(message),
    error: (message: string) => void warnings.push(`error: ${message}`),
    isLevelEnabled: () => true,
  };
}

const cache = {
  version: 1,
  validated_at: new Date(validatedAt).toISOString(),
  keys: ['lab', 'student'],
  models: [
    { id: 'gpt-4o', type: 'chat', owned_by: 'openai', keys: ['lab', 'student'] },
    { id: 'claude-35-sonnet', type: 'chat', aliases: ['claude-3.5-sonnet'], keys: ['lab'] },
  ],
  unavailable: ['llma3'],
};

describe('loadModelCatalog', () => {
  let home: string;
  let cacheFile: string;
  beforeEach(() => {
    home = mkdtempSync(path.join(tmpdir(), 'models-'));
    cacheFile = defaultCacheFile(home);
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  function writeCache(content: string): void {
    rmSync(path.dirname(cacheFile), { recursive: true, force: true });
    mkdirSync(path.dirname(cacheFile), { recursive: true });
    writeFileSync(cacheFile, content);
  }

  it('puts the cache at ~/.config/asksage_proxy/available_models.json', () => {
    expect(defaultCacheFile('/home/ada')).toBe('/home/ada/.config/asksage_proxy/available_models.json');
  });

  it('serves the shipped curated list when there is no cache', async () => {
    const logger = recordingLogger();
    const loaded = await loadModelCatalog({ cacheFile, logger, now: validatedAt });
    expect(loaded.entries.length).toBeGreaterThanOrEqual(25);
    expect(loaded.entries.map((entry) => entry.id)).toContain('claude-35-sonnet');
    expect(loaded.entries.every((entry) => entry.keys === undefined)).toBe(true);
    expect(loaded.source).toContain('shipped list');
    expect(logger.warnings).toEqual([]);
  });

  it('serves the validated cache with per-key entitlements and no hint while it is fresh', async () => {
    writeCache(JSON.stringify(cache));
    const logger = recordingLogger();
    const loaded = await loadModelCatalog({ cacheFile, logger, now: validatedAt + 29 * day });
    // llma3 was validated as unusable by every key: still known (a request gets a 403), with its curated aliases.
    expect(loaded.entries.map((entry) => [entry.id, entry.keys])).toEqual([
      ['gpt-4o', ['lab', 'student']],
      ['claude-35-sonnet', ['lab']],
      ['llma3', []],
    ]);
    expect(loaded.entries[2]?.aliases).toEqual(expect.arrayContaining(['llama3']));
    expect(loaded.source).toContain(cacheFile);
    expect(logger.warnings).toEqual([]);
  });

  it('adds one hint line when the cache is older than 30 days', async () => {
    writeCache(JSON.stringify(cache));
    const logger = recordingLogger();
    const loaded = await loadModelCatalog({ cacheFile, logger, now: validatedAt + 31 * day });
    expect(loaded.entries).toHaveLength(3);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toContain('asksage-proxy --refresh-available-models');
    expect(logger.warnings[0]).not.toContain('\n');
  });

  it.each([
    ['truncated JSON', '{"version": 1, "models": ['],
    ['an old schema', JSON.stringify({ chat_models: { 'gpt-4o': { id: 'gpt-4o' } }, last_updated: 'x' })],
    ['duplicate aliases', JSON.stringify({ ...cache, models: [...cache.models, { id: 'x', type: 'chat', aliases: ['gpt-4o'], keys: ['lab'] }] })],
  ])('warns about a cache with %s and falls back to the curated list', async (_label, content) => {
    writeCache(content);
    const logger = recordingLogger();
    const loaded = await loadModelCatalog({ cacheFile, logger, now: validatedAt });
    expect(loaded.source).toContain('shipped list');
    expect(loaded.entries.length).toBeGreaterThanOrEqual(25);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toContain(cacheFile);
  });

  it.each([
    ['a bare array', [{ id: 'my-model', type: 'chat', aliases: ['mine'] }]],
    ['a { models } object', { models: [{ id: 'my-model', type: 'chat', aliases: ['mine'] }] }],
  ])('uses the user models_file written as %s when there is no cache', async (_label, json) => {
    const modelsFile = path.join(home, 'my-models.json');
    writeFileSync(modelsFile, JSON.stringify(json));
    const loaded = await loadModelCatalog({ modelsFile, cacheFile, logger: recordingLogger(), now: validatedAt });
    expect(loaded.entries).toEqual([{ id: 'my-model', type: 'chat', aliases: ['mine'] }]);
    expect(loaded.source).toContain(`models_file ${modelsFile}`);
  });

  it('stops with a message naming the file when the user models_file is broken', async () => {
    const modelsFile = path.join(home, 'my-models.json');
    writeFileSync(modelsFile, JSON.stringify([{ id: 'a', type: 'chat' }, { id: 'b', type: 'chat', aliases: ['a'] }]));
    await expect(loadModelCatalog({ modelsFile, cacheFile, logger: recordingLogger(), now: validatedAt })).rejects.toThrow(/duplicate names.*"a"/);
    writeFileSync(modelsFile, '[{');
    await expect(loadModelCatalog({ modelsFile, cacheFile, logger: recordingLogger(), now: validatedAt })).rejects.toThrow(modelsFile);
    await expect(
      loadModelCatalog({ modelsFile: path.join(home, 'missing.json'), cacheFile, logger: recordingLogger(), now: validatedAt }),
    ).rejects.toThrow(/Cannot read the model list/);
  });

  it.each([
    ['a renamed key', ['lab', 'pupil'], '"pupil"'],
    ['keys from ASKSAGE_PROXY_API_KEY (key_1)', ['key_1'], '"key_1"'],
    ['a key removed from the config', ['lab'], 'in the cache but not configured: "student"'],
  ])('serves the curated list, with one warning naming the difference, after %s', async (_label, keyNames, named) => {
    writeCache(JSON.stringify(cache));
    const logger = recordingLogger();
    const loaded = await loadModelCatalog({ cacheFile, logger, now: validatedAt, keyNames });
    expect(loaded.source).toContain('shipped list');
    expect(loaded.entries.every((entry) => entry.keys === undefined)).toBe(true);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toContain(named);
    expect(logger.warnings[0]).toContain('--refresh-available-models');
  });

  it('uses the cache when the configured key names are its key names, in any order', async () => {
    writeCache(JSON.stringify(cache));
    const logger = recordingLogger();
    const loaded = await loadModelCatalog({ cacheFile, logger, now: validatedAt, keyNames: ['student', 'lab'] });
    expect(loaded.source).toContain(cacheFile);
    expect(logger.warnings).toEqual([]);
  });

  it('names the models_file setting in a ConfigError (exit 2)', async () => {
    const error = await loadModelCatalog({ modelsFile: path.join(home, 'missing.json'), modelsFileSetting: 'ASKSAGE_PROXY_MODELS_FILE (models_file)', cacheFile, logger: recordingLogger(), now: validatedAt })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).exitCode).toBe(2);
    expect((error as Error).message).toMatch(/^ASKSAGE_PROXY_MODELS_FILE \(models_file\): Cannot read the model list/);
  });

  it('finds the shipped list next to a bundle and at the repository root', () => {
    const bundle = path.join(home, 'dist');
    mkdirSync(bundle);
    writeFileSync(path.join(bundle, 'available_models.json'), '[]');
    expect(findShippedModelsFile(bundle)).toBe(path.join(bundle, 'available_models.json'));
    expect(findShippedModelsFile(__dirname)).toBe(path.resolve(__dirname, '../../../../available_models.json'));
    expect(findShippedModelsFile(path.join(home, 'nowhere', 'deep', 'er', 'still'))).toBeUndefined();
  });
});
