import { randomBytes } from 'node:crypto';
import type { IdGenerator } from '@asksage-proxy/core';

const base62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const idLength = 24;
/** Largest multiple of 62 below 256: bytes at or above it are skipped so every character is equally likely. */
const unbiasedLimit = 248;

/**
 * The real `IdGenerator`: the prefix (`chatcmpl-`, `call_`, `req_`, `resp_`, `msg_`, `toolu_`) followed by 24 random
 * base62 characters, the shape OpenAI and Anthropic clients expect. Random bytes are drawn in batches because one
 * `randomBytes` call per id costs a syscall on every request.
 */
export function createCryptoIdGenerator(batchBytes = 4096): IdGenerator {
  let pool = randomBytes(batchBytes);
  let offset = 0;
  const nextByte = (): number => {
    if (offset >= pool.length) {
      pool = randomBytes(batchBytes);
      offset = 0;
    }
    const byte = pool[offset] as number;
    offset += 1;
    return byte;
  };
  return {
    next(prefix: string): string {
      let suffix = '';
      while (suffix.length < idLength) {
        const byte = nextByte();
        if (byte < unbiasedLimit) suffix += base62[byte % 62];
      }
      return `${prefix}${suffix}`;
    },
  };
}
