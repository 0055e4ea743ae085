'use strict';

const { chooseModels } = require('./bench-requests');
const { startProxy, startPassThrough } = require('./start-targets');

/**
 * @typedef {object} SharedTargets
 * @property {string} demoKey
 * @property {import('./start-target-process').TargetProcess & { ca: string | undefined }} simulator   answers instantly
 * @property {import('./start-target-process').TargetProcess} proxy       the CLI in front of it
 * @property {import('./start-target-process').TargetProcess} passThrough the bare-hop baseline in front of it
 * @property {{ proxyModel: string, directModel: string }} models
 * @property {() => Promise<void>} stop
 */

/**
 * Starts the proxy and the pass-through in front of an already running instant simulator, and picks
 * the model. The latency, throughput and streaming scenarios share these processes.
 * @param {{ simulator: import('./start-target-process').TargetProcess & { ca: string | undefined }, demoKey: string,
 *   upstream: import('./start-targets').Upstream, model?: string }} options
 * @returns {Promise<SharedTargets>}
 */
async function startSharedTargets(options) {
  const started = [];
  try {
    const proxy = await startProxy({ simulatorUrl: options.simulator.url, demoKey: options.demoKey, upstream: options.upstream });
    started.push(proxy);
    const passThrough = await startPassThrough({ simulatorUrl: options.simulator.url, upstream: options.upstream });
    started.push(passThrough);
    const models = await chooseModels({
      proxyUrl: proxy.url,
      simulatorUrl: options.simulator.url,
      simulatorCa: options.simulator.ca,
      demoKey: options.demoKey,
      model: options.model,
    });
    return {
      demoKey: options.demoKey,
      simulator: options.simulator,
      proxy,
      passThrough,
      models,
      stop: async () => {
        await Promise.all(started.map((target) => target.stop()));
      },
    };
  } catch (error) {
    await Promise.all(started.map((target) => target.stop()));
    throw error;
  }
}

module.exports = { startSharedTargets };
