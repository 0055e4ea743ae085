export { createMemoryResponseStore, defaultResponseStoreLimits } from './create-memory-response-store';
export type { MemoryResponseStoreOptions } from './create-memory-response-store';
