'use strict';

/**
 * The p-th percentile (0..100) of numbers, nearest-rank on a sorted copy. Exact, unlike autocannon's
 * histogram, which stores whole milliseconds and cannot show a sub-millisecond overhead.
 * @param {number[]} values
 * @param {number} p
 * @returns {number}
 */
function percentile(values, p) {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/**
 * The median of numbers (mean of the two middle values for an even count).
 * @param {number[]} values
 * @returns {number}
 */
function median(values) {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

module.exports = { percentile, median };
