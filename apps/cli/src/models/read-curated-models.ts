import { readFile } from 'node:fs/promises';
import { assertUniqueModelNames, parseModelEntries } from '@asksage-proxy/core';
import type { ModelEntry } from '@asksage-proxy/core';
import { findShippedModelsFile } from './find-shipped-models-file';

/** The curated list and where it came from. */
export interface CuratedModels {
  /** Entries in file order, ids and aliases checked for uniqueness. */
  entries: ModelEntry[];
  /** The file read. */
  file: string;
  /** `models_file` when the user gave one, else `shipped`. */
  origin: 'models_file' | 'shipped';
}

/**
 * Reads the user's `models_file` when given, else the list shipped with the CLI. A broken file is a
 * configuration error: this throws an `Error` naming the file and the problem, so startup stops with a clear message.
 */
export async function readCuratedModels(modelsFile?: string, shippedDirectory?: string): Promise<CuratedModels> {
  const file = modelsFile ?? findShippedModelsFile(shippedDirectory);
  if (file === undefined) {
    throw new Error('The shipped available_models.json is missing next to the CLI; reinstall asksage-proxy or set models_file in the config.');
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read the model list ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`The model list ${file} is not valid JSON: ${(error as Error).message}`);
  }
  const entries = parseModelEntries(json, file);
  assertUniqueModelNames(entries);
  return { entries, file, origin: modelsFile === undefined ? 'shipped' : 'models_file' };
}
