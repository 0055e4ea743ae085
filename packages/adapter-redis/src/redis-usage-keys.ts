/** The Redis keys of the shared usage counters, under one namespace. */
export interface RedisUsageKeys {
  /** Set of the key names counted. */
  keyNames: string;
  /** Set of the model ids counted. */
  modelNames: string;
  /** Hash of one key's counts. */
  key(name: string): string;
  /** Hash of one model's counts. */
  model(id: string): string;
  /** Requests in one minute (minute number = ms epoch / 60 000); expires after the hour it is shown for. */
  minute(minute: number): string;
  /** ms epoch of the earliest count written. */
  since: string;
}

/** Where the usage counters live in Redis (docs/scaling.md lists them). */
export function usageKeys(namespace: string): RedisUsageKeys {
  const prefix = `${namespace}:usage`;
  return {
    keyNames: `${prefix}:keys`,
    modelNames: `${prefix}:models`,
    key: (name) => `${prefix}:key:${name}`,
    model: (id) => `${prefix}:model:${id}`,
    minute: (minute) => `${prefix}:minute:${minute}`,
    since: `${prefix}:since`,
  };
}
