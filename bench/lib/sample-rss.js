'use strict';

const fs = require('node:fs');
const { execFileSync } = require('node:child_process');

/**
 * A process's resident set size in bytes: /proc/<pid>/status VmRSS on Linux, `ps` elsewhere.
 * @param {number} pid
 * @returns {number | undefined} undefined once the process is gone
 */
function readRssBytes(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    if (match) return Number(match[1]) * 1024;
  } catch {
    // not Linux, or the process is gone: try ps
  }
  try {
    const kilobytes = Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim());
    return Number.isFinite(kilobytes) && kilobytes > 0 ? kilobytes * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Samples a process's RSS every intervalMs until stopped; `stop()` returns the peak and the sample count.
 * @param {number} pid
 * @param {number} [intervalMs]
 * @returns {{ stop(): { peakBytes: number, samples: number }, peakBytes(): number }}
 */
function startRssSampler(pid, intervalMs = 100) {
  let peak = 0;
  let samples = 0;
  const sample = () => {
    const rss = readRssBytes(pid);
    if (rss !== undefined) {
      samples += 1;
      peak = Math.max(peak, rss);
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    peakBytes: () => peak,
    stop() {
      clearInterval(timer);
      sample();
      return { peakBytes: peak, samples };
    },
  };
}

module.exports = { readRssBytes, startRssSampler };
