import type { ModelEntry } from './model-entry';

/**
 * Throws a clear `Error` when two entries share an id, an alias repeats or equals another model's id.
 * Names are compared case-insensitively because `resolve` falls back to a case-insensitive match, which
 * would otherwise be ambiguous.
 */
export function assertUniqueModelNames(entries: readonly ModelEntry[]): void {
  const owners = new Map<string, { id: string; as: 'id' | 'alias'; name: string }>();
  const problems: string[] = [];
  const claim = (name: string, id: string, as: 'id' | 'alias'): void => {
    const folded = name.toLowerCase();
    const previous = owners.get(folded);
    if (previous === undefined) {
      owners.set(folded, { id, as, name });
      return;
    }
    const first = previous.as === 'id' ? `the id of model ${previous.id}` : `an alias of model ${previous.id}`;
    problems.push(`"${name}" (${as === 'id' ? 'id' : `alias of ${id}`}) is already ${first}`);
  };
  for (const entry of entries) claim(entry.id, entry.id, 'id');
  for (const entry of entries) {
    for (const alias of entry.aliases ?? []) claim(alias, entry.id, 'alias');
  }
  if (problems.length > 0) {
    throw new Error(`Model catalog has duplicate names: ${problems.join('; ')}. Each id and alias must be unique.`);
  }
}
