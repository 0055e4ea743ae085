import type { ModelEntry } from './model-entry';

const modelTypes: ReadonlySet<string> = new Set(['chat', 'embedding']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readStringList(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && item.trim() !== '')) {
    throw new Error(`${where} must be an array of non-empty strings`);
  }
  return [...value] as string[];
}

function parseEntry(value: unknown, where: string): ModelEntry {
  if (!isRecord(value)) throw new Error(`${where} must be an object like { "id": "gpt-4o", "type": "chat" }`);
  const { id, type, aliases, owned_by: ownedBy, created, keys } = value;
  if (typeof id !== 'string' || id.trim() === '') throw new Error(`${where}.id must be a non-empty string`);
  // `type` defaults to chat: AskSage has no native embeddings endpoint (protocol doc §4.8), so nearly every entry is chat.
  const entryType = type ?? 'chat';
  if (typeof entryType !== 'string' || !modelTypes.has(entryType)) {
    throw new Error(`${where}.type must be "chat" or "embedding" (model ${id})`);
  }
  const entry: ModelEntry = { id, type: entryType as ModelEntry['type'] };
  if (aliases !== undefined) entry.aliases = readStringList(aliases, `${where}.aliases`);
  if (ownedBy !== undefined) {
    if (typeof ownedBy !== 'string' || ownedBy === '') throw new Error(`${where}.owned_by must be a non-empty string`);
    entry.owned_by = ownedBy;
  }
  if (created !== undefined) {
    if (typeof created !== 'number' || !Number.isInteger(created) || created < 0) {
      throw new Error(`${where}.created must be a whole number of Unix seconds`);
    }
    entry.created = created;
  }
  if (keys !== undefined) entry.keys = readStringList(keys, `${where}.keys`);
  return entry;
}

/**
 * Reads a model list from parsed JSON: either `{ "models": [ ... ] }` or a bare array of entries.
 * Throws an `Error` naming `source` and the offending entry, so a broken user file fails loudly at startup.
 * Uniqueness of ids and aliases is checked by `createModelCatalog`.
 */
export function parseModelEntries(json: unknown, source: string): ModelEntry[] {
  const list = Array.isArray(json) ? json : isRecord(json) ? json.models : undefined;
  if (!Array.isArray(list)) {
    throw new Error(`${source}: expected { "models": [ ... ] } or an array of models`);
  }
  return list.map((item, index) => parseEntry(item, `${source}: models[${index}]`));
}
