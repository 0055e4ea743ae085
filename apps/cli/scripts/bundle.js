// Bundles the CLI into one self-contained file for `npm install -g ./asksage-proxy-<version>.tgz`: the workspace
// packages and every npm library travel inside it, so the tarball installs with no network at all (labs and
// air-gapped hosts copy one file) and carries only the tokenizer encoding the proxy uses. The docs the CLI points
// to and the license travel with it.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const cliRoot = path.resolve(__dirname, '..');
const repoRoot = path.resolve(cliRoot, '../..');
const pkg = require(path.join(cliRoot, 'package.json'));

const workspaceAlias = {
  '@asksage-proxy/core': path.join(repoRoot, 'packages/core/src/index.ts'),
  '@asksage-proxy/adapter-asksage': path.join(repoRoot, 'packages/adapter-asksage/src/index.ts'),
  '@asksage-proxy/adapter-http': path.join(repoRoot, 'packages/adapter-http/src/index.ts'),
  '@asksage-proxy/adapter-redis': path.join(repoRoot, 'packages/adapter-redis/src/index.ts'),
  '@asksage-proxy/adapter-image-fetch': path.join(repoRoot, 'packages/adapter-image-fetch/src/index.ts'),
  '@asksage-proxy/asksage-transport': path.join(repoRoot, 'packages/asksage-transport/src/index.ts'),
  '@asksage-proxy/adapter-asksage-passthrough': path.join(repoRoot, 'packages/adapter-asksage-passthrough/src/index.ts'),
  '@asksage-proxy/adapter-prometheus': path.join(repoRoot, 'packages/adapter-prometheus/src/index.ts'),
  '@asksage-proxy/asksage-simulator': path.join(repoRoot, 'packages/asksage-simulator/src/index.ts'),
  '@asksage-proxy/runtime-node': path.join(repoRoot, 'packages/runtime-node/src/index.ts'),
};

async function main() {
  const outfile = path.join(cliRoot, 'dist/asksage-proxy.js');
  await esbuild.build({
    entryPoints: [path.join(cliRoot, 'src/main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    alias: workspaceAlias,
    banner: { js: '#!/usr/bin/env node' },
    define: { 'process.env.ASKSAGE_PROXY_BUNDLED_VERSION': JSON.stringify(pkg.version) },
    logLevel: 'warning',
  });
  fs.chmodSync(outfile, 0o755);
  // Data files the CLI reads at run time, next to the bundle. The simulator's test certificates are not copied:
  // they include private keys, and --demo serves plain http, so the published package must not carry them.
  // A dist/certs left by an older build is removed so no stale copy can be packed.
  fs.copyFileSync(path.join(repoRoot, 'available_models.json'), path.join(cliRoot, 'dist/available_models.json'));
  fs.rmSync(path.join(cliRoot, 'dist/certs'), { recursive: true, force: true });
  fs.rmSync(path.join(cliRoot, 'docs'), { recursive: true, force: true });
  fs.cpSync(path.join(repoRoot, 'docs'), path.join(cliRoot, 'docs'), { recursive: true, filter: (source) => !source.endsWith('.png') });
  fs.copyFileSync(path.join(repoRoot, 'LICENSE'), path.join(cliRoot, 'LICENSE'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
