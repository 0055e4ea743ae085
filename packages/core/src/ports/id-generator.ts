/** Ids enter core only through this port. */
export interface IdGenerator {
  /**
   * A new unique id that starts with `prefix`, separator included, so each caller picks its API's format: OpenAI's
   * `chatcmpl-` and `call_`, the Responses API's `resp_` and `msg_`, Anthropic's `msg_` and `toolu_`, and `req_` for
   * the proxy's own request ids. `next('chatcmpl-')` -> `chatcmpl-…`.
   */
  next(prefix: string): string;
}
