'use strict';

const { formatCheckValue } = require('../lib/create-check');

/**
 * @typedef {object} ScenarioResult
 * @property {string} id
 * @property {string} title
 * @property {import('../lib/create-check').Check[]} [checks]
 * @property {object} [details]
 * @property {string} [error]     set when the scenario failed to run
 * @property {string} [measuredAt]
 * @property {string} [commit]
 */

/**
 * The results as a plain-text table: figure, measured, target, PASS/MISS (context rows are indented
 * and have no verdict; a scenario that failed to run shows FAILED and its reason).
 * @param {ScenarioResult[]} results
 * @returns {string}
 */
function formatResultsTable(results) {
  const rows = [['figure', 'measured', 'target', 'verdict']];
  for (const result of results) {
    rows.push([`[${result.id}] ${result.title}`, '', '', result.error ? 'FAILED' : '']);
    if (result.error) continue;
    for (const check of result.checks) {
      rows.push([`  ${check.label}`, formatCheckValue(check), check.target ?? '', check.pass === undefined ? '' : check.pass ? 'PASS' : 'MISS']);
    }
  }
  const widths = rows[0].map((_cell, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row) => row.map((cell, column) => (column === 1 ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ').trimEnd();
  const separator = widths.map((width) => '-'.repeat(width)).join('  ');
  const failures = results.filter((result) => result.error).map((result) => `\n[${result.id}] FAILED: ${result.error}`);
  return [line(rows[0]), separator, ...rows.slice(1).map(line)].join('\n') + failures.join('');
}

module.exports = { formatResultsTable };
