import type { TokenCounter } from '@asksage-proxy/core';

type CountTokens = (text: string) => number;

/**
 * The real `TokenCounter`, backed by `gpt-tokenizer`'s o200k encoding alone (offline; the other encodings' tables are
 * not loaded, and a bundle carries only this one). The tokenizer's tables take a noticeable
 * moment to load, so they are required on the first count, not at startup: `--version` and the banner stay fast.
 */
export function createGptTokenCounter(): TokenCounter {
  let countTokens: CountTokens | undefined;
  return {
    count(text: string): number {
      if (text.length === 0) return 0;
      if (countTokens === undefined) {
        // A synchronous require keeps the port synchronous while still deferring the load to first use.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        countTokens = (require('gpt-tokenizer/encoding/o200k_base') as { countTokens: CountTokens }).countTokens;
      }
      return countTokens(text);
    },
  };
}
