'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { renderResultsMarkdown, replaceResultsBlock } = require('./render-results-markdown');

/**
 * The results file of a run: only the published configuration (full scale, https upstream) is `latest.json`.
 * @param {string} scale
 * @param {'https' | 'http'} upstream
 * @returns {string}
 */
function resultsFileName(scale, upstream) {
  const suffix = [scale === 'full' ? '' : scale, upstream === 'https' ? '' : upstream].filter(Boolean).join('-');
  return suffix ? `latest-${suffix}.json` : 'latest.json';
}

/**
 * Writes the results JSON and, for the published configuration (full scale over the https upstream users
 * run), rewrites the figures block of docs/benchmarks.md. A run with --only merges into the existing file,
 * so one re-measured scenario does not erase the others (each scenario carries its own date, commit and
 * upstream). Other configurations write `latest-<scale>[-http].json` and leave the docs alone: tiny or
 * plain-HTTP figures must never be published as the user's path by accident.
 * @param {{ repositoryRoot: string, scale: string, scenarioOrder: string[], results: { upstream: 'https' | 'http' } & object }} options
 * @returns {string[]} the files written, relative to the repository root
 */
function writeResults({ repositoryRoot, scale, scenarioOrder, results }) {
  const directory = path.join(repositoryRoot, 'bench/results');
  fs.mkdirSync(directory, { recursive: true });
  const file = path.join(directory, resultsFileName(scale, results.upstream));
  let previous = [];
  try {
    const existing = JSON.parse(fs.readFileSync(file, 'utf8'));
    // Files written before the upstream was recorded were all plain HTTP.
    const existingUpstream = existing.upstream ?? 'http';
    if (existing.scale === scale && existingUpstream === results.upstream && Array.isArray(existing.scenarios)) previous = existing.scenarios;
  } catch {
    // first run
  }
  const byId = new Map(previous.map((scenario) => [scenario.id, scenario]));
  for (const scenario of results.scenarios) byId.set(scenario.id, scenario);
  const merged = { ...results, scenarios: scenarioOrder.filter((id) => byId.has(id)).map((id) => byId.get(id)) };
  fs.writeFileSync(file, `${JSON.stringify(merged, null, 2)}\n`);
  const written = [path.relative(repositoryRoot, file)];
  if (scale === 'full' && results.upstream === 'https') {
    const documentPath = path.join(repositoryRoot, 'docs/benchmarks.md');
    const document = fs.readFileSync(documentPath, 'utf8');
    fs.writeFileSync(documentPath, replaceResultsBlock(document, renderResultsMarkdown(merged)));
    written.push(path.relative(repositoryRoot, documentPath));
  }
  return written;
}

module.exports = { writeResults, resultsFileName };
