/** Counts tokens offline when AskSage sends no usage (implemented with gpt-tokenizer outside core). */
export interface TokenCounter {
  /** Number of tokens in `text`. */
  count(text: string): number;
}
