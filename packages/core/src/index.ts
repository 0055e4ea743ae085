/**
 * @asksage-proxy/core — pure OpenAI <-> AskSage translation, key pool and model catalog behind ports.
 * No Node built-ins, no I/O: time, randomness, ids, logging and the upstream enter through ports.
 */
export type * from './types/openai';
export type * from './types/asksage';
export * from './ports/index';
export * from './errors/index';
export * from './translate/index';
export * from './key-pool/index';
export * from './catalog/index';
export * from './service/index';
export * from './response-store/index';
