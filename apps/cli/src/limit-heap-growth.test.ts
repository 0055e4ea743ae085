import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModuleKind, ScriptTarget, transpileModule } from 'typescript';
import { heapGrowthFlagsToApply, youngGenerationCapBytes, youngGenerationGrowthFactor } from './limit-heap-growth';

describe('heapGrowthFlagsToApply', () => {
  it('applies both settings when node was started without its own', () => {
    expect(heapGrowthFlagsToApply([], undefined)).toEqual({ heapGrowth: true, youngGeneration: true });
    expect(heapGrowthFlagsToApply(['--enable-source-maps'], '--no-warnings')).toEqual({ heapGrowth: true, youngGeneration: true });
  });

  it('leaves the young generation to a semi-space setting the user gave, on the command line or in NODE_OPTIONS', () => {
    expect(heapGrowthFlagsToApply(['--max-semi-space-size=8'], undefined)).toEqual({ heapGrowth: true, youngGeneration: false });
    expect(heapGrowthFlagsToApply([], '--max_semi_space_size=32')).toEqual({ heapGrowth: true, youngGeneration: false });
  });

  it('leaves the old generation to a growing percent the user gave', () => {
    expect(heapGrowthFlagsToApply(['--heap-growing-percent=20'], undefined)).toEqual({ heapGrowth: false, youngGeneration: true });
  });
});

describe('youngGenerationGrowthFactor', () => {
  it('lets the young generation grow below the cap and holds it at or above', () => {
    expect(youngGenerationGrowthFactor(2 * 1024 * 1024, youngGenerationCapBytes)).toBe(2);
    expect(youngGenerationGrowthFactor(youngGenerationCapBytes, youngGenerationCapBytes)).toBe(1);
    expect(youngGenerationGrowthFactor(2 * youngGenerationCapBytes, youngGenerationCapBytes)).toBe(1);
  });
});

describe('capYoungGeneration', () => {
  // A plain node process (the flags act on the whole V8 heap) allocates objects that survive, in batches with a turn
  // of the event loop between them, as requests arrive; it prints the largest young generation seen.
  const probe = `
const { getHeapSpaceStatistics } = require('node:v8');
const moduleObject = { exports: {} };
new Function('require', 'module', 'exports', process.env.PROBE_SOURCE)(require, moduleObject, moduleObject.exports);
const capBytes = Number(process.env.PROBE_CAP_BYTES);
if (capBytes > 0) moduleObject.exports.capYoungGeneration(capBytes);
const kept = [];
let largest = 0;
const newSpaceBytes = () => getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size;
let batch = 0;
const step = () => {
  for (let index = 0; index < 4000; index += 1) kept.push({ index, text: 'x'.repeat(64) + index, list: [index, batch] });
  largest = Math.max(largest, newSpaceBytes());
  if (++batch < 150) setImmediate(step);
  else process.stdout.write(JSON.stringify({ largest, kept: kept.length }));
};
setImmediate(step);
`;

  function largestYoungGeneration(capBytes: number): number {
    const source = readFileSync(join(__dirname, 'limit-heap-growth.ts'), 'utf8');
    const compiled = transpileModule(source, { compilerOptions: { module: ModuleKind.CommonJS, target: ScriptTarget.ES2022 } }).outputText;
    const child = spawnSync(process.execPath, ['-e', probe], {
      env: { ...process.env, NODE_OPTIONS: '', PROBE_SOURCE: compiled, PROBE_CAP_BYTES: String(capBytes) },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.stderr).toBe('');
    return (JSON.parse(child.stdout) as { largest: number }).largest;
  }

  it('stops the young generation growing past the cap, where V8 alone grows it further', () => {
    const capBytes = 4 * 1024 * 1024;
    // V8 alone: the surviving allocations double the young generation several times.
    expect(largestYoungGeneration(0)).toBeGreaterThan(2 * capBytes);
    // Capped: at most one doubling past the cap (collections before the gc entries arrive), never more.
    expect(largestYoungGeneration(capBytes)).toBeLessThanOrEqual(2 * capBytes);
  });
});
