'use strict';

const fs = require('node:fs');
const { SourceMap } = require('node:module');
const path = require('node:path');

/**
 * Where a sample's CPU went, by what its stack shows: the first rule that matches wins. Approximate by nature:
 * a leaf in Node internals is charged to the library that called it (a socket write under the upstream
 * client is the upstream's, under `res.json` the client's).
 * @type {[string, (stack: string[]) => boolean][]}
 */
const areaRules = [
  ['garbage collection', (stack) => stack[0].startsWith('(garbage collector)')],
  ['start-up (module loading, config)', (stack) => stack.some((frame) => frame.includes('node:internal/modules') || frame.includes('run_main'))],
  ['socket write to AskSage (TLS encrypt + syscall)', (stack) => stack[0].startsWith('writev') && stack.some((frame) => frame.startsWith('onSocketNT'))],
  ['socket write to the client (syscall)', (stack) => stack[0].startsWith('writev')],
  ['log line (winston)', (stack) => stack.some((frame) => /winston|logform/.test(frame))],
  ['request validation (ajv)', (stack) => stack.some((frame) => /\/ajv\//.test(frame))],
  ['upstream call: axios http adapter + Node https client', (stack) => stack.some((frame) => /axios/.test(frame))],
  ['upstream reply: TLS read, HTTP parse, JSON.parse', (stack) => stack.some((frame) => /_tls_wrap|parserOnIncomingClient|socketOnData node:_http_client|readUpstreamReply|tryParseJson/.test(frame))],
  ['proxy code itself (self time in the bundle)', (stack) => stack[0].includes('asksage-proxy.js')],
  ['Express 5 (router, body-parser, res.json)', (stack) => stack.some((frame) => /\/(express|router|body-parser|raw-body|on-finished|finalhandler|parseurl|type-is)\//.test(frame))],
  ['Node http server (accept, parse)', (stack) => stack.some((frame) => /_http_server|_http_common|node:net/.test(frame))],
  ['other', () => true],
];

/**
 * The top of a V8 CPU profile as text: self time per function and per package (node_modules folder, `node:`
 * internals, the bundle itself, GC and idle), as shares of the non-idle samples.
 * @param {{ nodes: { id: number, callFrame: { functionName: string, url: string, lineNumber: number } }[],
 *   samples: number[], timeDeltas: number[] }} profile
 * @param {{ top?: number, resolveFrame?: (frame: { functionName: string, url: string, lineNumber: number, columnNumber: number }) => { url: string, lineNumber: number } }} [options]
 *   `resolveFrame` maps a frame of a bundle to its original source (see `createBundleFrameResolver`), so packages,
 *   areas and lines name the library or file, not the bundle.
 * @returns {string}
 */
function summarizeCpuProfile(profile, options = {}) {
  const top = options.top ?? 25;
  const resolved = new Map();
  const frameOf = (node) => {
    if (!resolved.has(node.id)) {
      const { functionName } = node.callFrame;
      const { url, lineNumber } = options.resolveFrame ? options.resolveFrame(node.callFrame) : node.callFrame;
      resolved.set(node.id, { functionName, url, lineNumber });
    }
    return resolved.get(node.id);
  };
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const stackOf = (id) => {
    const stack = [];
    for (let current = id; current !== undefined; current = parentOf.get(current)) {
      const { functionName, url } = frameOf(byId.get(current));
      stack.push(`${functionName} ${url}`);
    }
    return stack;
  };
  const selfByArea = new Map();
  const selfByFunction = new Map();
  const selfByPackage = new Map();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const node = byId.get(id);
    const delta = profile.timeDeltas[index] ?? 0;
    const { functionName, url, lineNumber } = frameOf(node);
    if (functionName === '(idle)') return;
    total += delta;
    const name = `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}`;
    selfByFunction.set(name, (selfByFunction.get(name) ?? 0) + delta);
    const owner = packageOf(functionName, url);
    selfByPackage.set(owner, (selfByPackage.get(owner) ?? 0) + delta);
    const stack = stackOf(id);
    const [area] = areaRules.find(([, matches]) => matches(stack));
    selfByArea.set(area, (selfByArea.get(area) ?? 0) + delta);
  });
  const table = (map) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, time]) => `${((100 * time) / total).toFixed(1).padStart(5)} %  ${name}`)
      .join('\n');
  return `busy ${(total / 1e6).toFixed(1)} s\n\nCPU by area (the stack decides; approximate):\n${table(selfByArea)}\n\nself time by package:\n${table(selfByPackage)}\n\nself time by function:\n${table(selfByFunction)}`;
}

function shortUrl(url) {
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) return url.slice(modules + 'node_modules/'.length);
  return url.replace(/^file:\/\/.*\/(apps|packages)\//, '$1/');
}

function packageOf(functionName, url) {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return url.split('/')[0].replace(/^node:/, 'node:') + (url.includes('/') ? `/${url.split('/')[1]}` : '');
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules)/.exec(url);
  if (match) return match[1];
  const workspace = /^(packages\/[^/]+|apps\/[^/]+)\//.exec(url);
  if (workspace) return workspace[1];
  return shortUrl(url);
}

/**
 * A `resolveFrame` for `summarizeCpuProfile` from a bundle's source map (`<bundle>.map`, as esbuild writes it):
 * frames in the bundle become their original file and line, relative to `root` (`node_modules/...`,
 * `packages/core/src/...`). The bundle is whitespace-minified, so its own lines say nothing. Undefined when the
 * bundle has no map.
 * @param {string} bundlePath
 * @param {string} root
 */
function createBundleFrameResolver(bundlePath, root) {
  const mapFile = `${bundlePath}.map`;
  if (!fs.existsSync(mapFile)) return undefined;
  const map = new SourceMap(JSON.parse(fs.readFileSync(mapFile, 'utf8')));
  const bundleName = path.basename(bundlePath);
  return (frame) => {
    if (!frame.url.endsWith(`/${bundleName}`)) return frame;
    const entry = map.findEntry(frame.lineNumber, frame.columnNumber);
    if (!entry || !entry.originalSource) return frame;
    const source = entry.originalSource.replace(/^file:\/\//, '');
    return { url: path.relative(root, path.resolve(path.dirname(bundlePath), source)), lineNumber: entry.originalLine };
  };
}

module.exports = { summarizeCpuProfile, createBundleFrameResolver };
