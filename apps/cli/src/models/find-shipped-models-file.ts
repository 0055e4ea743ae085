import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Locates the curated `available_models.json` that ships with the CLI. The bundle script copies it next to
 * `dist/asksage-proxy.js`; running from source it sits at the repository root. Returns undefined when absent.
 */
export function findShippedModelsFile(directory: string = __dirname): string | undefined {
  const candidates = [
    path.join(directory, 'available_models.json'),
    path.join(directory, '..', 'available_models.json'),
    path.join(directory, '..', '..', '..', 'available_models.json'),
    path.join(directory, '..', '..', '..', '..', 'available_models.json'),
  ];
  return candidates.find((candidate) => existsSync(candidate));
}
