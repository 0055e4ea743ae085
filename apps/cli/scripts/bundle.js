// Bundles the CLI into one self-contained file for `npm install -g ./asksage-proxy-<version>.tgz`: the workspace
// packages and every npm library travel inside it, so the tarball installs with no network at all (labs and
// air-gapped hosts copy one file) and carries only the tokenizer encoding the proxy uses. The docs the CLI points
// to and the license travel with it.
//
// Memory (issue 9): V8 keeps a script's whole source in the heap for as long as the process runs, as a one-byte
// string when every character fits in Latin-1 and as a two-byte string (twice the size) otherwise. So:
// - whitespace and comments are minified away (a few comments of the libraries carried typographic quotes and
//   dashes, which alone doubled the in-memory source), and the build fails if a character above U+00FF remains;
// - the o200k tokenizer tables (about 3 MB of source, needed only when a reply lacks usage) go into their own
//   file next to the bundle, required on the first count, so a proxy that never counts never holds them.
// - axios never touches Node's lazy web globals when loaded: the fetch adapter module is replaced by what axios
//   exports where fetch does not exist (the proxy calls axios' Node http adapter directly), and `utils.isFormData`
//   recognises a FormData by its shape alone (its own fallback) instead of probing the global `FormData` at load.
//   Either probe made Node load its bundled undici and web streams: ~3 MB of idle RSS held for nothing.
// Identifiers and syntax are not minified: names in stack traces and error classes stay readable (the source map
// travels with the bundle).
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

/** The tokenizer encoding the proxy uses, as runtime-node requires it, and the file it becomes next to the bundle. */
const tokenizerSpecifier = 'gpt-tokenizer/encoding/o200k_base';
const tokenizerChunk = 'asksage-proxy-o200k.js';

/** Rewrites the tokenizer's require to the separate chunk, resolved next to the bundle at run time. */
const tokenizerAsChunk = {
  name: 'tokenizer-as-chunk',
  setup(build) {
    build.onResolve({ filter: /^gpt-tokenizer\/encoding\/o200k_base$/ }, () => ({ path: `./${tokenizerChunk}`, external: true }));
  },
};

/** The line of axios' utils.js that reads the global `FormData` when the module loads (see the header). */
const axiosFormDataProbe = "const FormDataCtor = typeof G.FormData !== 'undefined' ? G.FormData : undefined;";

/** axios without its load-time probes of Node's web globals (see the header). */
const axiosWithoutWebGlobals = {
  name: 'axios-without-web-globals',
  setup(build) {
    // Both rewrites must happen: an axios that moved or renamed either file would otherwise bring undici back silently.
    const rewritten = new Set();
    // As axios exports it on a platform without fetch: `getFetch` answers false, so no fetch adapter.
    build.onLoad({ filter: /[\\/]axios[\\/]lib[\\/]adapters[\\/]fetch\.js$/ }, () => {
      rewritten.add('lib/adapters/fetch.js');
      return { contents: 'export const getFetch = () => false;\nexport default false;\n', loader: 'js' };
    });
    build.onLoad({ filter: /[\\/]axios[\\/]lib[\\/]utils\.js$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      if (!source.includes(axiosFormDataProbe)) {
        throw new Error(`${args.path} no longer has the FormData probe this build removes; check whether axios still loads undici when required, then update apps/cli/scripts/bundle.js`);
      }
      rewritten.add('lib/utils.js');
      return { contents: source.replace(axiosFormDataProbe, 'const FormDataCtor = undefined;'), loader: 'js' };
    });
    build.onEnd((result) => {
      if (result.errors.length > 0) return;
      const missing = ['lib/adapters/fetch.js', 'lib/utils.js'].filter((file) => !rewritten.has(file));
      if (missing.length > 0) {
        throw new Error(`axios' ${missing.join(' and ')} never went through this build's rewrite (axios changed its layout?); Node would load undici again. Update apps/cli/scripts/bundle.js`);
      }
    });
  },
};

const commonOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minifyWhitespace: true,
  logLevel: 'warning',
};

/** Fails the build when a file would be held as a two-byte string: any character above U+00FF. */
function assertLatin1(file) {
  const text = fs.readFileSync(file, 'utf8');
  const index = text.search(/[\u0100-\u{10ffff}]/u);
  if (index >= 0) {
    throw new Error(
      `${path.relative(repoRoot, file)} contains ${JSON.stringify(text[index])} (U+${text.codePointAt(index).toString(16).toUpperCase()}) ` +
        `near ${JSON.stringify(text.slice(Math.max(0, index - 40), index + 20))}: V8 would hold the whole file as a two-byte string. ` +
        'Escape it in the source (\\u...) or keep it out of the bundle.',
    );
  }
}

async function main() {
  const outfile = path.join(cliRoot, 'dist/asksage-proxy.js');
  await esbuild.build({
    ...commonOptions,
    entryPoints: [path.join(cliRoot, 'src/main.ts')],
    outfile,
    alias: workspaceAlias,
    plugins: [tokenizerAsChunk, axiosWithoutWebGlobals],
    banner: { js: '#!/usr/bin/env node' },
    define: { 'process.env.ASKSAGE_PROXY_BUNDLED_VERSION': JSON.stringify(pkg.version) },
  });
  fs.chmodSync(outfile, 0o755);
  const tokenizerOutfile = path.join(cliRoot, 'dist', tokenizerChunk);
  await esbuild.build({
    ...commonOptions,
    entryPoints: [require.resolve(tokenizerSpecifier, { paths: [path.join(repoRoot, 'packages/runtime-node')] })],
    outfile: tokenizerOutfile,
    sourcemap: false,
  });
  assertLatin1(outfile);
  assertLatin1(tokenizerOutfile);
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
