import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// docs/contracts.md shows the ports and cross-package interfaces as they are in the code; this test fails when one
// drifted. Fix it with `node scripts/update-contracts.js`.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { update, blockPattern } = require('../../../scripts/update-contracts.js') as { update: (text: string) => string; blockPattern: RegExp };

describe('docs/contracts.md', () => {
  const documentPath = path.resolve(__dirname, '../../../docs/contracts.md');
  const text = readFileSync(documentPath, 'utf8');

  it('shows every contract exactly as its source file has it (node scripts/update-contracts.js)', () => {
    expect(update(text)).toBe(text);
  });

  it('covers every port in packages/core/src/ports', () => {
    const shown = new Set([...text.matchAll(new RegExp(blockPattern.source, 'g'))].map((match) => match[1]));
    const ports = readdirSync(path.resolve(__dirname, 'ports')).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && file !== 'index.ts');
    expect(ports.length).toBeGreaterThan(5);
    for (const port of ports) expect(shown).toContain(`packages/core/src/ports/${port}`);
  });
});
