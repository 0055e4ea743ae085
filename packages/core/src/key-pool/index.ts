export type { KeyStatus, KeyState } from './key-status';
export type { ApiKeyConfig } from './api-key-config';
