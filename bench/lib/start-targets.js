// The three kinds of target, started as users (and AskSage) would run them.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { findFreePort } = require('./find-free-port');
const { registerExitCleanup } = require('./process-registry');
const { startTargetProcess } = require('./start-target-process');

const repositoryRoot = path.resolve(__dirname, '../..');
// ASKSAGE_BENCH_CLI / ASKSAGE_BENCH_SIMULATOR_DIST point the bench at another build, e.g. to
// compare a release with the working tree on the same machine.
/** The bundled CLI that `npm install -g` ships. */
const cliBundlePath = path.resolve(process.env.ASKSAGE_BENCH_CLI ?? path.join(repositoryRoot, 'apps/cli/dist/asksage-proxy.js'));
const simulatorDist = path.resolve(process.env.ASKSAGE_BENCH_SIMULATOR_DIST ?? path.join(repositoryRoot, 'packages/asksage-simulator/dist'));
/** The simulator's executable entry (prints `{"url": ...}` when listening). */
const simulatorMainPath = path.join(simulatorDist, 'main.js');
/** The simulator's library entry, which exports DEMO_KEY. */
const simulatorIndexPath = path.join(simulatorDist, 'index.js');
const passThroughPath = path.join(__dirname, '..', 'pass-through.js');
// ASKSAGE_BENCH_PROXY_NODE_FLAGS starts every proxy with extra Node flags (space-separated), e.g.
// `--max-semi-space-size=4`, to price a launcher change with the whole suite.
const proxyNodeFlags = (process.env.ASKSAGE_BENCH_PROXY_NODE_FLAGS ?? '').split(' ').filter(Boolean);

/**
 * Throws a clear error when the build outputs the bench drives are missing.
 * @returns {void}
 */
function assertBuildOutputsExist() {
  const missing = [cliBundlePath, simulatorMainPath, simulatorIndexPath].filter((file) => !fs.existsSync(file));
  if (missing.length > 0) {
    throw new Error(
      `the bench needs the build, and these files are missing:\n${missing.map((file) => `  ${path.relative(repositoryRoot, file)}`).join('\n')}\n` +
        'Run `pnpm run build` first (`pnpm bench` and `pnpm test` do).',
    );
  }
}

/**
 * The simulator's demo key: the one key it accepts by default.
 * @returns {string}
 */
function loadDemoKey() {
  const { DEMO_KEY: demoKey } = require(simulatorIndexPath);
  if (typeof demoKey !== 'string' || demoKey.length === 0) {
    throw new Error(`${path.relative(repositoryRoot, simulatorIndexPath)} does not export DEMO_KEY as a string.`);
  }
  return demoKey;
}

/**
 * The simulator's test CA, what a user's `cert_path` is to a real tenant: its path (for the proxy's config.yaml
 * and the pass-through) and its PEM text (for the orchestrator's own direct calls).
 * @returns {{ caPath: string, ca: string }}
 */
function loadTestCertificateAuthority() {
  const { findTestCertificatePaths } = require(simulatorIndexPath);
  const { caPath } = findTestCertificatePaths();
  return { caPath, ca: fs.readFileSync(caPath, 'utf8') };
}

/**
 * @typedef {object} Upstream
 * @property {'https' | 'http'} scheme
 * @property {string | undefined} caPath  the simulator's test CA (https only): the proxy's `cert_path`
 * @property {string | undefined} ca      its PEM text, trusted by the orchestrator's direct calls
 */

/**
 * How the simulator is served: over HTTPS with its test CA given through `cert_path` (what users run: every
 * AskSage tenant is HTTPS), or plain HTTP (`--upstream http`, the cheaper path earlier figures were taken on).
 * @param {'https' | 'http'} scheme
 * @returns {Upstream}
 */
function describeUpstream(scheme) {
  if (scheme === 'http') return { scheme, caPath: undefined, ca: undefined };
  return { scheme, ...loadTestCertificateAuthority() };
}

/**
 * Starts the AskSage simulator in its own process, over TLS when the upstream is https.
 * @param {{ name?: string, latencyMs?: number, upstream: Upstream }} options
 * @returns {Promise<import('./start-target-process').TargetProcess & { ca: string | undefined }>}
 */
async function startSimulator(options) {
  const args = [simulatorMainPath, '--port', '0'];
  if (options.latencyMs) args.push('--latency-ms', String(options.latencyMs));
  if (options.upstream.scheme === 'https') args.push('--tls');
  const simulator = await startTargetProcess({
    name: options.name ?? 'simulator',
    args,
    cwd: repositoryRoot,
    readiness: { kind: 'json-line' },
  });
  if (!simulator.url.startsWith(`${options.upstream.scheme}://`)) {
    await simulator.stop();
    throw new Error(`the simulator serves ${simulator.url}, not ${options.upstream.scheme}://`);
  }
  return Object.assign(simulator, { ca: options.upstream.ca });
}

/**
 * Starts the proxy as users run it: the built CLI with a config.yaml, default logging, and an empty
 * temporary HOME so no user config or model cache is read. Ready at the first 200 on GET /health.
 * With an https upstream the config names the simulator's test CA as `cert_path`, as Argonne's tenant needs.
 * `config` adds settings to the file (`upstream_api`, `redis_url`, …).
 * @param {{ simulatorUrl: string, demoKey: string, upstream: Upstream, name?: string, timeoutMs?: number,
 *   nodeOptions?: string[], config?: Record<string, string | number | boolean> }} options
 * @returns {Promise<import('./start-target-process').TargetProcess>}
 */
async function startProxy(options) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'asksage-proxy-bench-'));
  const removeHome = () => fs.rmSync(home, { recursive: true, force: true });
  const unregisterCleanup = registerExitCleanup(removeHome);
  const port = await findFreePort();
  const configPath = path.join(home, 'config.yaml');
  // JSON-quoted scalars are valid YAML and keep any character in the URLs safe.
  const config = [
    `host: ${JSON.stringify('127.0.0.1')}`,
    `port: ${port}`,
    'api_keys:',
    `  - key: ${JSON.stringify(options.demoKey)}`,
    `    name: ${JSON.stringify('bench')}`,
    `asksage_server_base_url: ${JSON.stringify(`${options.simulatorUrl}/server`)}`,
    `asksage_user_base_url: ${JSON.stringify(`${options.simulatorUrl}/user`)}`,
    ...(options.upstream.caPath ? [`cert_path: ${JSON.stringify(options.upstream.caPath)}`] : []),
    ...Object.entries(options.config ?? {}).map(([key, value]) => `${key}: ${JSON.stringify(value)}`),
    '',
  ].join('\n');
  fs.writeFileSync(configPath, config, { mode: 0o600 });
  const url = `http://127.0.0.1:${port}`;
  return startTargetProcess({
    name: options.name ?? 'proxy',
    args: [...proxyNodeFlags, ...(options.nodeOptions ?? []), cliBundlePath, configPath],
    cwd: home,
    env: { PATH: process.env.PATH ?? '', HOME: home },
    logFile: path.join(home, 'proxy.log'),
    readiness: { kind: 'health', url },
    timeoutMs: options.timeoutMs,
    onStopped: () => {
      removeHome();
      unregisterCleanup();
    },
  });
}

/**
 * Starts the physical-limit baseline: a bare Node hop to the simulator's /server/query, over the same
 * scheme and CA as the proxy.
 * @param {{ simulatorUrl: string, upstream: Upstream }} options
 * @returns {Promise<import('./start-target-process').TargetProcess>}
 */
function startPassThrough(options) {
  const args = [passThroughPath, '--port', '0', '--upstream', `${options.simulatorUrl}/server/query`];
  if (options.upstream.caPath) args.push('--ca', options.upstream.caPath);
  return startTargetProcess({
    name: 'pass-through',
    args,
    cwd: repositoryRoot,
    readiness: { kind: 'json-line' },
  });
}

module.exports = {
  cliBundlePath,
  simulatorMainPath,
  repositoryRoot,
  assertBuildOutputsExist,
  loadDemoKey,
  describeUpstream,
  startSimulator,
  startProxy,
  startPassThrough,
};
