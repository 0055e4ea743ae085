/**
 * @asksage-proxy/runtime-node — the Node implementations of `@asksage-proxy/core`'s ports, for the CLI and for
 * anyone embedding the proxy as a library: wall-clock time, crypto-random ids, `Math.random`, offline token
 * counting with gpt-tokenizer, and a winston logger that redacts API keys from every line.
 */
export { createSystemClock } from './create-system-clock';
export { createCryptoIdGenerator } from './create-crypto-id-generator';
export { createMathRandomSource } from './create-math-random-source';
export { createGptTokenCounter } from './create-gpt-token-counter';
export { createWinstonLogger } from './create-winston-logger';
export type { ClosableLogger, WinstonLoggerOptions } from './create-winston-logger';
export { redactLogSecrets } from './redact-log-secrets';
