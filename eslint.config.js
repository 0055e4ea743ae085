// @ts-check
// The dependency rule of the hexagon, held by the linter (see docs/architecture.md):
// apps/cli -> adapter-* -> core; adapters never import each other; core imports nothing from Node or the workspace.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

const nodeBuiltins = require('node:module').builtinModules.flatMap((name) => [name, `node:${name}`]);

module.exports = tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', 'bench/results/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', Buffer: 'readonly', URL: 'readonly', fetch: 'readonly', AbortController: 'readonly', performance: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['packages/core/src/**/*.ts'],
    ignores: ['packages/core/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeBuiltins.map((name) => ({ name, message: 'core is pure: reach I/O through a port.' })),
        patterns: [{ group: ['@asksage-proxy/*', 'axios', 'express', 'winston', 'ioredis'], message: 'core imports nothing from the workspace or I/O libraries.' }],
      }],
      'no-restricted-globals': ['error',
        { name: 'process', message: 'core is pure: configuration comes in as arguments.' },
        { name: 'setTimeout', message: 'core is pure: use the Clock port.' },
        { name: 'setInterval', message: 'core is pure: use the Clock port.' },
      ],
      'no-restricted-properties': ['error',
        { object: 'Date', property: 'now', message: 'Use the Clock port.' },
        { object: 'Math', property: 'random', message: 'Use the RandomSource port.' },
      ],
    },
  },
  {
    files: ['packages/adapter-asksage/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@asksage-proxy/adapter-http', '@asksage-proxy/adapter-asksage-passthrough', '@asksage-proxy/adapter-redis', '@asksage-proxy/asksage-simulator', 'express', 'ioredis'], message: 'adapters never import each other.' }] }] },
  },
  {
    files: ['packages/adapter-asksage-passthrough/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@asksage-proxy/adapter-*', '@asksage-proxy/asksage-simulator', 'express', 'axios'], message: 'adapters never import each other; shared transport code lives in @asksage-proxy/asksage-transport.' }] }] },
  },
  {
    files: ['packages/asksage-transport/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@asksage-proxy/adapter-*', '@asksage-proxy/asksage-simulator', 'express', 'axios'], message: 'the shared transport knows Node and core only: adapters build on it, never the other way round.' }] }] },
  },
  {
    files: ['packages/adapter-image-fetch/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    // The shared transport is allowed: image hosts are trusted through the same TLS context as AskSage (cert_path).
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@asksage-proxy/adapter-asksage', '@asksage-proxy/adapter-asksage-passthrough', '@asksage-proxy/adapter-http', '@asksage-proxy/adapter-prometheus', '@asksage-proxy/asksage-simulator', 'axios', 'express'], message: 'adapters never import each other.' }] }] },
  },
  {
    files: ['packages/adapter-http/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@asksage-proxy/adapter-asksage', '@asksage-proxy/adapter-asksage-passthrough', '@asksage-proxy/asksage-transport', '@asksage-proxy/adapter-redis', '@asksage-proxy/asksage-simulator', 'axios', 'ioredis'], message: 'adapters never import each other.' }] }] },
  },
  {
    files: ['packages/adapter-redis/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@asksage-proxy/adapter-asksage', '@asksage-proxy/adapter-asksage-passthrough', '@asksage-proxy/asksage-transport', '@asksage-proxy/adapter-http', '@asksage-proxy/runtime-node', '@asksage-proxy/asksage-simulator', 'axios', 'express'], message: 'adapters never import each other.' }] }] },
  },
  {
    files: ['packages/adapter-prometheus/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@asksage-proxy/adapter-asksage', '@asksage-proxy/adapter-http', '@asksage-proxy/asksage-simulator', 'axios', 'express'], message: 'adapters never import each other.' }] }] },
  },
  {
    files: ['packages/runtime-node/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@asksage-proxy/adapter-*', '@asksage-proxy/asksage-simulator', 'axios', 'express'], message: 'runtime-node holds port adapters over Node only; adapters never import each other.' }] }] },
  },
  {
    files: ['packages/asksage-simulator/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@asksage-proxy/*'], message: 'the simulator stands alone: it is AskSage, not part of the proxy.' }] }] },
  },
);
