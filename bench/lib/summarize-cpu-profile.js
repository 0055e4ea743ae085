'use strict';

/**
 * The top of a V8 CPU profile as text: self time per function and per package (node_modules folder, `node:`
 * internals, the bundle itself, GC and idle), as shares of the non-idle samples.
 * @param {{ nodes: { id: number, callFrame: { functionName: string, url: string, lineNumber: number } }[],
 *   samples: number[], timeDeltas: number[] }} profile
 * @param {{ top?: number }} [options]
 * @returns {string}
 */
function summarizeCpuProfile(profile, options = {}) {
  const top = options.top ?? 25;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfByFunction = new Map();
  const selfByPackage = new Map();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const node = byId.get(id);
    const delta = profile.timeDeltas[index] ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') return;
    total += delta;
    const name = `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}`;
    selfByFunction.set(name, (selfByFunction.get(name) ?? 0) + delta);
    const owner = packageOf(functionName, url);
    selfByPackage.set(owner, (selfByPackage.get(owner) ?? 0) + delta);
  });
  const table = (map) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, time]) => `${((100 * time) / total).toFixed(1).padStart(5)} %  ${name}`)
      .join('\n');
  return `busy ${(total / 1e6).toFixed(1)} s\n\nself time by package:\n${table(selfByPackage)}\n\nself time by function:\n${table(selfByFunction)}`;
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
  return shortUrl(url);
}

module.exports = { summarizeCpuProfile };
