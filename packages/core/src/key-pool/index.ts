export type { KeyStatus, KeyState } from './key-status';
export type { ApiKeyConfig } from './api-key-config';
export type { KeyPool, KeyPoolOptions, KeyPickOptions, PooledKey } from './key-pool';
export { createKeyPool } from './create-key-pool';
export { createMemoryKeyHealthStore } from './create-memory-key-health-store';
export { createKeyStateLogObserver } from './create-key-state-log-observer';
export type { InvalidKeyRecheckOptions } from './create-invalid-key-rechecker';
