// Starts one target (simulator, proxy, pass-through) in its own process and waits until it serves.
// Targets never share a process with the load generator: the numbers would otherwise measure
// autocannon competing with the target on the same event loop.
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const { setTimeout: sleep } = require('node:timers/promises');
const { registerChildProcess } = require('./process-registry');

const tailLimitBytes = 4096;

/**
 * @typedef {object} TargetProcess
 * @property {string} name
 * @property {number} pid
 * @property {string} url              base URL, `http://127.0.0.1:<port>`
 * @property {number} readyAfterMs     spawn to ready (first 200 on /health, or the JSON line)
 * @property {import('node:child_process').ChildProcess} child
 * @property {() => string} outputTail the last few KB the process wrote (stdout and stderr)
 * @property {() => Promise<void>} stop SIGTERM, then SIGKILL after 3 s; runs the cleanup callbacks
 */

/**
 * Spawns `node <args>` and waits for readiness:
 * - `{ kind: 'json-line' }`: the process prints one JSON line with `url` when listening (simulator, pass-through);
 * - `{ kind: 'health', url }`: GET `<url>/health` answers 200 (the proxy, exactly as users run it).
 * A process that exits or misses the deadline is reported with the tail of its output.
 * @param {{ name: string, args: string[], env?: NodeJS.ProcessEnv, cwd?: string, logFile?: string,
 *   readiness: { kind: 'json-line' } | { kind: 'health', url: string }, timeoutMs?: number,
 *   onStopped?: () => void }} options
 * @returns {Promise<TargetProcess>}
 */
async function startTargetProcess(options) {
  const { name, args, readiness, timeoutMs = 15_000 } = options;
  let tail = '';
  const appendTail = (data) => {
    tail = (tail + data.toString()).slice(-tailLimitBytes);
  };
  // The proxy logs every request: it writes to a file, as to a terminal, so the orchestrator spends no
  // CPU draining a pipe while it generates load, and the proxy never blocks on a full pipe.
  let logDescriptor;
  if (options.logFile) logDescriptor = fs.openSync(options.logFile, 'a');
  const outputTail = () => (options.logFile ? readFileTail(options.logFile) : tail);

  const startedAt = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: logDescriptor === undefined ? ['ignore', 'pipe', 'pipe'] : ['ignore', logDescriptor, logDescriptor],
  });
  if (logDescriptor !== undefined) fs.closeSync(logDescriptor);
  registerChildProcess(child);
  child.stdout?.on('data', appendTail);
  child.stderr?.on('data', appendTail);

  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const spawnFailed = new Promise((resolve) => child.once('error', (error) => resolve(error)));

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killTimer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(killTimer);
    }
    options.onStopped?.();
  };

  const failure = (reason) =>
    new Error(`${name} failed to start: ${reason}\n  command: node ${args.join(' ')}\n  output tail:\n${indent(outputTail() || '(no output)')}`);

  /** @type {Promise<string>} */
  let ready;
  if (readiness.kind === 'json-line') {
    ready = new Promise((resolve) => {
      let buffered = '';
      child.stdout.on('data', (data) => {
        if (buffered === null) return;
        buffered += data.toString();
        for (const line of buffered.split('\n').slice(0, -1)) {
          const url = parseUrlLine(line);
          if (url) {
            buffered = null;
            resolve(url);
            return;
          }
        }
        buffered = buffered.slice(buffered.lastIndexOf('\n') + 1);
      });
    });
  } else {
    ready = waitForHealth(readiness.url, () => stopped || child.exitCode !== null || child.signalCode !== null);
  }

  let deadlineTimer;
  const deadline = new Promise((resolve) => {
    deadlineTimer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const outcome = await Promise.race([
    ready.then((url) => ({ url })),
    exited.then((exit) => ({ exit })),
    spawnFailed.then((error) => ({ error })),
    deadline.then(() => ({ timeout: true })),
  ]);
  clearTimeout(deadlineTimer);
  if (!outcome.url) {
    // Let the last writes land before reading the tail.
    await sleep(50);
    const message = outcome.exit
      ? `it exited (code ${outcome.exit.code}, signal ${outcome.exit.signal}) before it was ready`
      : outcome.error
        ? String(outcome.error.message)
        : `not ready within ${timeoutMs} ms`;
    const error = failure(message);
    await stop();
    throw error;
  }
  return {
    name,
    pid: child.pid,
    url: outcome.url,
    readyAfterMs: performance.now() - startedAt,
    child,
    outputTail,
    stop,
  };
}

function parseUrlLine(line) {
  try {
    const parsed = JSON.parse(line);
    return parsed && typeof parsed.url === 'string' ? parsed.url.replace(/\/$/, '') : undefined;
  } catch {
    return undefined;
  }
}

/** Polls /health with fresh connections every few ms; resolves with the base URL on the first 200. */
async function waitForHealth(url, isGone) {
  while (!isGone()) {
    const status = await getStatus(`${url}/health`);
    if (status === 200) return url;
    await sleep(status === undefined ? 5 : 20);
  }
  return new Promise(() => {});
}

function getStatus(url) {
  return new Promise((resolve) => {
    const request = http.get(url, { agent: false, timeout: 2000 }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode));
      response.on('error', () => resolve(undefined));
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(undefined));
  });
}

function readFileTail(file) {
  try {
    const size = fs.statSync(file).size;
    const descriptor = fs.openSync(file, 'r');
    const length = Math.min(size, tailLimitBytes);
    const buffer = Buffer.alloc(length);
    fs.readSync(descriptor, buffer, 0, length, size - length);
    fs.closeSync(descriptor);
    return buffer.toString();
  } catch {
    return '';
  }
}

function indent(text) {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

module.exports = { startTargetProcess };
