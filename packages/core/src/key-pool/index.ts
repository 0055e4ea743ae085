export type { KeyStatus, KeyState } from './key-status';
export type { ApiKeyConfig } from './api-key-config';
export type { KeyPool, KeyPoolOptions, KeyPickOptions, PooledKey } from './key-pool';
export { createKeyPool } from './create-key-pool';
