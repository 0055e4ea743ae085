/**
 * The asksage-proxy CLI as a library, for tests and embedding: `main(argv, io)` runs the whole command in-process.
 */
export { main } from './run-cli';
export { createProcessIo } from './cli-io';
export type { CliIo } from './cli-io';
export { loadConfig } from './config/load-config';
export type { ResolvedConfig } from './config/resolved-config';
export { createWinstonLogger } from './ports/create-winston-logger';
export { createSystemClock } from './ports/create-system-clock';
export { createMathRandomSource } from './ports/create-math-random-source';
export { createCryptoIdGenerator } from './ports/create-crypto-id-generator';
export { createGptTokenCounter } from './ports/create-gpt-token-counter';
export { createProxyRuntime } from './runtime/create-proxy-runtime';
export type { ProxyRuntime, ProxyRuntimeOptions } from './runtime/create-proxy-runtime';
