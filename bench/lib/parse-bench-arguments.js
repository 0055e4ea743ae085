'use strict';

const { benchScales } = require('./bench-scales');

/** The scenarios, in the order they run and print. */
const scenarioNames = ['latency', 'throughput', 'streaming', 'ttft', 'memory', 'cold-start', 'redis'];

const usage = `usage: node bench/run.js [--scale full|tiny] [--upstream https|http] [--only <scenario>[,<scenario>]] [--runs N] [--model ID] [--no-write]
  scenarios: ${scenarioNames.join(', ')}
  --scale    full (default) is what docs/benchmarks.md publishes; tiny runs everything once, small
  --upstream https (default): the simulator over TLS, its test CA given to the proxy as cert_path, as users
             run it; http: plain HTTP upstream (cheaper, not what any AskSage tenant serves)
  --only     run only these scenarios
  --runs     repetitions of every repeated measurement (rounds, stream pairs, cold starts)
  --model    the model id to request (default: one both the proxy and the simulator list)
  --no-write print only; do not write bench/results or docs/benchmarks.md`;

/**
 * @typedef {object} BenchArguments
 * @property {'full' | 'tiny'} scale
 * @property {'https' | 'http'} upstream  the scheme the simulator serves (and the proxy and pass-through call)
 * @property {import('./bench-scales').BenchScale} sizes  the scale with --runs applied
 * @property {string[]} scenarios
 * @property {boolean} write
 * @property {string | undefined} model
 * @property {boolean} help
 */

/**
 * Parses the command line of bench/run.js; throws with the usage on anything unknown.
 * @param {string[]} argv  process.argv.slice(2)
 * @returns {BenchArguments}
 */
function parseBenchArguments(argv) {
  let scale = 'full';
  let upstream = 'https';
  let scenarios = scenarioNames;
  let runs;
  let model;
  let write = true;
  let help = false;
  for (let index = 0; index < argv.length; index += 1) {
    const [flag, inlineValue] = argv[index].split(/=(.*)/s);
    const value = () => {
      if (inlineValue !== undefined) return inlineValue;
      index += 1;
      if (index >= argv.length) throw new Error(`${flag} needs a value\n${usage}`);
      return argv[index];
    };
    switch (flag) {
      case '--scale':
        scale = value();
        if (!(scale in benchScales)) throw new Error(`unknown scale '${scale}'\n${usage}`);
        break;
      case '--upstream':
        upstream = value();
        if (upstream !== 'https' && upstream !== 'http') throw new Error(`--upstream is https or http, not '${upstream}'\n${usage}`);
        break;
      case '--only':
        scenarios = value().split(',').map((name) => name.trim()).filter(Boolean);
        for (const name of scenarios) {
          if (!scenarioNames.includes(name)) throw new Error(`unknown scenario '${name}'\n${usage}`);
        }
        break;
      case '--runs':
        runs = Number(value());
        if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs needs a positive integer\n${usage}`);
        break;
      case '--model':
        model = value();
        break;
      case '--no-write':
        write = false;
        break;
      case '--help':
      case '-h':
        help = true;
        break;
      default:
        throw new Error(`unknown option '${argv[index]}'\n${usage}`);
    }
  }
  const sizes = { ...benchScales[scale] };
  if (runs !== undefined) Object.assign(sizes, { runs, streamRuns: runs, coldStarts: runs });
  return { scale, upstream, sizes, scenarios: scenarioNames.filter((name) => scenarios.includes(name)), write, model, help };
}

module.exports = { parseBenchArguments, scenarioNames, usage };
