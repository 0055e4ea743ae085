/**
 * What `pnpm bench` measures and publishes: by default the HTTPS upstream users run (cert_path), with plain
 * HTTP as an option that never overwrites the published figures; docs/benchmarks.md names the upstream.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parseBenchArguments } = require('../lib/parse-bench-arguments') as { parseBenchArguments: (argv: string[]) => { upstream: string } };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { renderResultsMarkdown } = require('./render-results-markdown') as { renderResultsMarkdown: (results: object) => string };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { writeResults } = require('./write-results') as {
  writeResults: (options: { repositoryRoot: string; scale: string; scenarioOrder: string[]; results: object }) => string[];
};

const machine = { cpus: 2, cpuModel: 'Test CPU', totalMemoryMb: 4096, node: 'v20.0.0', platform: 'linux' };
const check = { label: 'cold start', value: 200, unit: 'ms', target: '< 700 ms', pass: true };

function createResults(upstream: 'https' | 'http'): object {
  return {
    date: '2026-11-30T00:00:00.000Z',
    commit: 'abc',
    scale: 'full',
    upstream,
    machine,
    scenarios: [{ id: 'cold-start', title: 'Cold start', upstream, checks: [check] }],
  };
}

describe('bench upstream', () => {
  it('measures the HTTPS upstream by default and plain HTTP only when asked', () => {
    expect(parseBenchArguments([]).upstream).toBe('https');
    expect(parseBenchArguments(['--upstream', 'http']).upstream).toBe('http');
    expect(() => parseBenchArguments(['--upstream', 'ftp'])).toThrow(/https or http/);
  });

  it('says in the published figures which upstream was measured', () => {
    expect(renderResultsMarkdown(createResults('https'))).toContain('**Upstream: HTTPS**');
    expect(renderResultsMarkdown(createResults('https'))).toContain('`cert_path`');
    expect(renderResultsMarkdown(createResults('http'))).toContain('**Upstream: plain HTTP**');
  });

  it('records how loaded the machine was, and says when others shared the CPU', () => {
    const calm = renderResultsMarkdown({ ...createResults('https'), loadAverage: { atStart: [0.5, 0.4, 0.3], atEnd: [1.2, 0.6, 0.4] } });
    expect(calm).toContain('0.5, 0.4, 0.3 at the start, 1.2, 0.6, 0.4 at the end.');
    const busy = renderResultsMarkdown({ ...createResults('https'), loadAverage: { atStart: [6, 5, 4], atEnd: [8, 6, 5] } });
    expect(busy).toContain('other work shared the CPU');
  });

  it('flags a scenario merged in from another upstream', () => {
    const mixed = { ...createResults('https'), scenarios: [{ id: 'cold-start', title: 'Cold start', upstream: 'http', checks: [check] }] };
    expect(renderResultsMarkdown(mixed)).toContain('measured over HTTP, not HTTPS');
  });

  describe('writing', () => {
    let root: string;
    const documentBefore = '# B\n<!-- bench:results:start -->\nold\n<!-- bench:results:end -->\n';

    beforeEach(() => {
      root = mkdtempSync(path.join(os.tmpdir(), 'bench-report-'));
      mkdirSync(path.join(root, 'docs'));
      writeFileSync(path.join(root, 'docs/benchmarks.md'), documentBefore);
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it('publishes a full HTTPS run to latest.json and docs/benchmarks.md', () => {
      const written = writeResults({ repositoryRoot: root, scale: 'full', scenarioOrder: ['cold-start'], results: createResults('https') });
      expect(written).toEqual(['bench/results/latest.json', 'docs/benchmarks.md']);
      expect(readFileSync(path.join(root, 'docs/benchmarks.md'), 'utf8')).toContain('**Upstream: HTTPS**');
    });

    it('keeps a full plain-HTTP run out of the published figures', () => {
      const written = writeResults({ repositoryRoot: root, scale: 'full', scenarioOrder: ['cold-start'], results: createResults('http') });
      expect(written).toEqual(['bench/results/latest-http.json']);
      expect(readFileSync(path.join(root, 'docs/benchmarks.md'), 'utf8')).toBe(documentBefore);
    });
  });
});
