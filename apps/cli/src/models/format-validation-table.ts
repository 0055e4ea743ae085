import type { ModelValidationResult } from '@asksage-proxy/core';

/**
 * A plain-text table, one row per model and one column per key name, each cell `ok`, `denied`, `retired`,
 * `error` (or `-` when the pair was not checked).
 */
export function formatValidationTable(models: readonly string[], keyNames: readonly string[], results: readonly ModelValidationResult[]): string {
  const status = new Map(results.map((result) => [`${result.model}\u0000${result.keyName}`, result.status]));
  const rows = [
    ['model', ...keyNames],
    ...models.map((model) => [model, ...keyNames.map((keyName) => status.get(`${model}\u0000${keyName}`) ?? '-')]),
  ];
  const widths = rows[0]!.map((_cell, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const render = (row: string[]): string => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [render(rows[0]!), rule, ...rows.slice(1).map(render)].join('\n') + '\n';
}
