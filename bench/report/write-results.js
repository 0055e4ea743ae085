'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { renderResultsMarkdown, replaceResultsBlock } = require('./render-results-markdown');

/**
 * Writes the results JSON and, for the published (full) scale, rewrites the figures block of
 * docs/benchmarks.md. A run with --only merges into the existing file, so one re-measured scenario
 * does not erase the others (each scenario carries its own date and commit).
 * Smaller scales write `latest-<scale>.json` and leave the docs alone: tiny figures must never be
 * published by accident.
 * @param {{ repositoryRoot: string, scale: string, scenarioOrder: string[], results: object }} options
 * @returns {string[]} the files written, relative to the repository root
 */
function writeResults({ repositoryRoot, scale, scenarioOrder, results }) {
  const directory = path.join(repositoryRoot, 'bench/results');
  fs.mkdirSync(directory, { recursive: true });
  const file = path.join(directory, scale === 'full' ? 'latest.json' : `latest-${scale}.json`);
  let previous = [];
  try {
    const existing = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (existing.scale === scale && Array.isArray(existing.scenarios)) previous = existing.scenarios;
  } catch {
    // first run
  }
  const byId = new Map(previous.map((scenario) => [scenario.id, scenario]));
  for (const scenario of results.scenarios) byId.set(scenario.id, scenario);
  const merged = { ...results, scenarios: scenarioOrder.filter((id) => byId.has(id)).map((id) => byId.get(id)) };
  fs.writeFileSync(file, `${JSON.stringify(merged, null, 2)}\n`);
  const written = [path.relative(repositoryRoot, file)];
  if (scale === 'full') {
    const documentPath = path.join(repositoryRoot, 'docs/benchmarks.md');
    const document = fs.readFileSync(documentPath, 'utf8');
    fs.writeFileSync(documentPath, replaceResultsBlock(document, renderResultsMarkdown(merged)));
    written.push(path.relative(repositoryRoot, documentPath));
  }
  return written;
}

module.exports = { writeResults };
