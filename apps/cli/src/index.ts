/**
 * The asksage-proxy CLI as a library, for tests and embedding: `main(argv, io)` runs the whole command in-process.
 */
export { main } from './run-cli';
export { createProcessIo } from './cli-io';
export type { CliIo } from './cli-io';
export { loadConfig } from './config/load-config';
export type { ResolvedConfig } from './config/resolved-config';
// The port adapters live in @asksage-proxy/runtime-node; re-exported so existing embedders keep working.
export { createWinstonLogger, createSystemClock, createMathRandomSource, createCryptoIdGenerator, createGptTokenCounter } from '@asksage-proxy/runtime-node';
export { createProxyRuntime } from './runtime/create-proxy-runtime';
export type { ProxyRuntime, ProxyRuntimeOptions } from './runtime/create-proxy-runtime';
