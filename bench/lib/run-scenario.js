'use strict';

/**
 * @typedef {object} ScenarioScope
 * @property {AbortSignal} signal  fires when the scenario runs out of time
 * @property {<T extends { stop(): Promise<void> }>(starting: Promise<T>) => Promise<T>} own
 *   registers a target process the scenario started; it is stopped when the scenario ends, however it ends
 */

/**
 * Runs one scenario time-boxed: past its limit it is aborted, its processes are stopped, and it fails
 * with a message instead of hanging the whole run.
 * @template T
 * @param {string} name
 * @param {number} timeLimitMs
 * @param {(scope: ScenarioScope) => Promise<T>} body
 * @returns {Promise<T>}
 */
async function runScenario(name, timeLimitMs, body) {
  const controller = new AbortController();
  const owned = [];
  const scope = {
    signal: controller.signal,
    async own(starting) {
      const target = await starting;
      if (controller.signal.aborted) {
        // Started after the time limit fired: the cleanup below has already run.
        await target.stop();
        throw new Error(`${name} was aborted`);
      }
      owned.push(target);
      return target;
    },
  };
  let timer;
  const timeout = new Promise((_resolve, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`${name} did not finish within ${Math.round(timeLimitMs / 1000)} s (time limit of the scenario)`));
    }, timeLimitMs);
  });
  const work = body(scope);
  // After a timeout the scenario's own rejection (its processes were stopped under it) is expected.
  work.catch(() => {});
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
    await Promise.all(owned.map((target) => target.stop()));
  }
}

/**
 * Throws when the scenario has been aborted; called between steps.
 * @param {AbortSignal} signal
 * @returns {void}
 */
function throwIfAborted(signal) {
  if (signal.aborted) throw new Error('aborted: the scenario ran out of time');
}

module.exports = { runScenario, throwIfAborted };
