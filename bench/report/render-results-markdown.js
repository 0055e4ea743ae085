'use strict';

const { formatCheckValue } = require('../lib/create-check');

const upstreamSentences = {
  https:
    '**Upstream: HTTPS**, as users run it: the simulator serves TLS with its test certificate, the proxy is configured with ' +
    '`cert_path` = the simulator\'s test CA (`packages/asksage-simulator/certs/test-ca.pem`), and the pass-through calls the same ' +
    'HTTPS upstream trusting the same CA.',
  http: '**Upstream: plain HTTP** (`--upstream http`): no TLS on any hop; not the path any AskSage tenant serves.',
};

/**
 * The figures section of docs/benchmarks.md, rendered from bench/results/latest.json. It names the upstream
 * scheme measured, and any scenario measured over another one (merged in by `--only`).
 * @param {{ date: string, commit: string, scale: string, upstream?: 'https' | 'http', loadAverage?: { atStart: number[], atEnd: number[] },
 *   machine: ReturnType<typeof import('../lib/describe-machine').describeMachine>,
 *   scenarios: (import('./format-results-table').ScenarioResult & { upstream?: 'https' | 'http' })[] }} results
 * @returns {string}
 */
function renderResultsMarkdown(results) {
  const { machine } = results;
  const upstream = results.upstream ?? 'http';
  const lines = [
    `Measured ${results.date.slice(0, 10)} at commit \`${results.commit}\`, scale \`${results.scale}\`, on ${machine.cpus} × ${machine.cpuModel}, ` +
      `${Math.round(machine.totalMemoryMb / 1024)} GB, Node ${machine.node}, ${machine.platform}. Raw figures: \`bench/results/latest.json\`.`,
    '',
    upstreamSentences[upstream],
    ...(results.loadAverage
      ? [
          '',
          `Load average (1, 5, 15 min, as \`uptime\`) on this ${machine.cpus}-core machine: ${results.loadAverage.atStart.join(', ')} at the start, ` +
            `${results.loadAverage.atEnd.join(', ')} at the end${Math.max(...results.loadAverage.atStart, ...results.loadAverage.atEnd) > machine.cpus ? ': other work shared the CPU, so these figures are pessimistic' : ''}.`,
        ]
      : []),
    '',
    '| figure | measured | target | verdict |',
    '|---|---:|---|---|',
  ];
  for (const scenario of results.scenarios) {
    const scenarioUpstream = scenario.upstream ?? 'http';
    if (scenarioUpstream !== upstream) {
      lines.push(`| _${escapeCell(scenario.title)}: measured over ${scenarioUpstream.toUpperCase()}, not ${upstream.toUpperCase()}_ | | | |`);
    }
    if (scenario.error) {
      lines.push(`| **${scenario.title}** | not measured: ${escapeCell(scenario.error.split('\n')[0])} | | FAILED |`);
      continue;
    }
    for (const check of scenario.checks) {
      const context = check.pass === undefined;
      const label = context ? `&nbsp;&nbsp;${check.label.trim()}` : `**${check.label}**`;
      lines.push(`| ${escapeCell(label)} | ${formatCheckValue(check)} | ${check.target ?? ''} | ${context ? '' : check.pass ? 'PASS' : 'MISS'} |`);
    }
  }
  return lines.join('\n');
}

function escapeCell(text) {
  return text.replace(/\|/g, '\\|');
}

/**
 * Replaces the text between the bench markers of a Markdown document; throws if they are missing.
 * @param {string} document
 * @param {string} block
 * @returns {string}
 */
function replaceResultsBlock(document, block) {
  const start = '<!-- bench:results:start -->';
  const end = '<!-- bench:results:end -->';
  const from = document.indexOf(start);
  const to = document.indexOf(end);
  if (from < 0 || to < from) throw new Error(`docs/benchmarks.md has no ${start} ... ${end} block to rewrite`);
  return `${document.slice(0, from + start.length)}\n${block}\n${document.slice(to)}`;
}

module.exports = { renderResultsMarkdown, replaceResultsBlock };
