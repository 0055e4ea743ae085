'use strict';

/**
 * @typedef {object} Check
 * @property {string} label
 * @property {number | boolean} value
 * @property {string} unit          'ms', 'MB', '%', 'req/s', '' (booleans)
 * @property {string | undefined} target   e.g. '≤ 1 ms'; undefined for a context figure
 * @property {boolean | undefined} pass    undefined for a context figure
 */

const comparisons = {
  '<=': { symbol: '≤', test: (value, limit) => value <= limit },
  '<': { symbol: '<', test: (value, limit) => value < limit },
  '>=': { symbol: '≥', test: (value, limit) => value >= limit },
};

/**
 * One line of the results table: a measured figure and, when it has one, its target and verdict.
 * @param {string} label
 * @param {number | boolean} value
 * @param {string} unit
 * @param {{ comparison: '<=' | '<' | '>=', limit: number } | { equals: boolean } | undefined} [target]
 * @returns {Check}
 */
function createCheck(label, value, unit, target) {
  if (target === undefined) return { label, value, unit, target: undefined, pass: undefined };
  if ('equals' in target) return { label, value, unit, target: target.equals ? 'yes' : 'no', pass: value === target.equals };
  const comparison = comparisons[target.comparison];
  return {
    label,
    value,
    unit,
    target: `${comparison.symbol} ${target.limit}${unit ? ` ${unit}` : ''}`,
    pass: typeof value === 'number' && Number.isFinite(value) && comparison.test(value, target.limit),
  };
}

/**
 * A check's value as printed: fixed decimals per unit, so columns line up and sub-millisecond figures show.
 * @param {Check} check
 * @returns {string}
 */
function formatCheckValue(check) {
  const { value, unit } = check;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (!Number.isFinite(value)) return 'n/a';
  const decimals = { ms: 2, MB: 1, '%': 1, 'req/s': 0, 'µs': 0 }[unit] ?? 2;
  return `${value.toFixed(decimals)}${unit ? ` ${unit}` : ''}`;
}

module.exports = { createCheck, formatCheckValue };
