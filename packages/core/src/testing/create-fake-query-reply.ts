import type { AskSageQuery, AskSageQueryResponse, AskSageToolCall } from '../types/asksage';

/** Options of `createFakeQueryReply`. */
export interface FakeQueryReplyOptions {
  /** The answer text; the envelope's `message` is this prefixed with AskSage's habitual blank lines. */
  text: string;
  /** The query being answered: its `model` and `usage` flag shape the envelope. */
  query: AskSageQuery;
  /** Tool calls to report in `tool_calls`. */
  toolCalls?: AskSageToolCall[];
  /** Makes `uuid` unique per reply. */
  sequence?: number;
}

/** Flattens what was sent so the fake can charge plausible prompt tokens. */
function promptTextOf(query: AskSageQuery): string {
  const turns = typeof query.message === 'string' ? query.message : query.message.map((turn) => turn.message).join('\n');
  return `${query.system_prompt ?? ''}${turns}`;
}

/** Roughly four characters per token, like the usual English estimate; exactness does not matter to tests. */
function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/**
 * A `/query` success envelope shaped like the 2026-09 recording (`asksage-fixtures/query-success-usage.json`):
 * `message` starts with "\n\n", `response` is the status word "OK", and `usage` is present only when the
 * query asked for it (otherwise `null`, as AskSage does).
 */
export function createFakeQueryReply(options: FakeQueryReplyOptions): AskSageQueryResponse {
  const { text, query } = options;
  const promptTokens = estimateTokens(promptTextOf(query));
  const completionTokens = estimateTokens(text);
  return {
    response: 'OK',
    message: `\n\n${text}`,
    embedding_down: false,
    vectors_down: false,
    uuid: `00000000-0000-4000-8000-${String(options.sequence ?? 0).padStart(12, '0')}`,
    references: '',
    type: 'completion',
    added_obj: null,
    tool_calls: options.toolCalls ?? null,
    usage: query.usage
      ? {
          model_tokens: { completion_tokens: completionTokens, prompt_tokens: promptTokens, total_tokens: promptTokens + completionTokens },
          asksage_tokens: Math.ceil((promptTokens + completionTokens) / 13),
        }
      : null,
    tool_responses: [],
    tool_calls_unified: [],
    error: null,
    provenance: { model: query.model, datasets: query.dataset, persona: { id: 1, version: null }, agents: [] },
    citations: [],
    sources: [],
    status: 200,
  };
}

/** The HTTP-200 envelope AskSage sends for a bad `x-access-tokens` value (`asksage-fixtures/token-invalid-2.json`). */
export function createTokenInvalidReply(): AskSageQueryResponse {
  return { response: 'Token is invalid [2]', status: 400 };
}
