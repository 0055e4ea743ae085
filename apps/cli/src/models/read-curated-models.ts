import { readFile } from 'node:fs/promises';
import { assertUniqueModelNames, parseModelEntries } from '@asksage-proxy/core';
import type { ModelEntry } from '@asksage-proxy/core';
import { ConfigError } from '../config/config-error';
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
 * Reads the user's `models_file` when given, else the list shipped with the CLI. A broken `models_file` is the
 * user's configuration: it throws a `ConfigError` (exit 2) naming `setting` (`models_file (in config.yaml)` or
 * the environment variable), the file and the problem. A broken shipped list is an installation problem: `Error`.
 */
export async function readCuratedModels(modelsFile?: string, shippedDirectory?: string, setting = 'models_file'): Promise<CuratedModels> {
  if (modelsFile === undefined) return readModelList(undefined, shippedDirectory);
  try {
    return await readModelList(modelsFile, shippedDirectory);
  } catch (error) {
    throw new ConfigError(`${setting}: ${(error as Error).message}`);
  }
}

async function readModelList(modelsFile: string | undefined, shippedDirectory: string | undefined): Promise<CuratedModels> {
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
