import type { OutputFormat } from '../conversation/conversation';

const jsonObjectInstruction = 'Reply with a single valid JSON object and nothing else: no prose, no Markdown code fences.';

/**
 * A requested reply format -> an instruction appended to the system prompt, or '' for text.
 * AskSage has no structured-output switch, so the proxy asks the model in words. That is best effort (no
 * constrained decoding), but it keeps JSON-mode and structured-output clients (LangChain, `parse()` helpers)
 * working instead of failing every call; the reply is checked by the client as usual.
 */
export function buildResponseFormatInstruction(output: OutputFormat | undefined): string {
  if (output === undefined || output.type === 'text') return '';
  if (output.type === 'json_object' || output.schema === undefined || output.schema === null) return jsonObjectInstruction;
  const label = typeof output.name === 'string' && output.name !== '' ? ` named "${output.name}"` : '';
  return `Reply with a single JSON value and nothing else (no prose, no Markdown code fences). It must conform to this JSON Schema${label}:\n${JSON.stringify(output.schema)}`;
}
