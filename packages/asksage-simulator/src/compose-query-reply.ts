import { buildQueryEnvelope, formatProvenanceTimestamp, type SimulatedUsage } from './build-query-envelope';
import { buildScriptedToolCalls, decideToolCalls, type SimulatedToolCall } from './build-tool-calls';
import { composeAnswerText, readLastUserMessage } from './compose-answer-text';
import { convertToAskSageTokens, DEFAULT_PERSONA_PROMPT_TOKENS, estimateTokenCount } from './estimate-token-count';
import type { SimulatorFaultAction, ToolCallStyle } from './simulator-types';

type ScriptAction = Extract<SimulatorFaultAction, { kind: 'script' }>;

/** What a successful `/query` needs to know. */
export interface QueryReplyInput {
  fields: Record<string, unknown>;
  model: string;
  generation: '2026-09' | '2026-04';
  toolCallStyle: ToolCallStyle;
  script: ScriptAction | undefined;
  /** Text of uploaded files, prepended as AskSage's `<file-content>` blocks (protocol doc §3.1). */
  fileTexts: Array<{ filename: string; mimeType: string; text: string }>;
  now: number;
}

/** The reply envelope, the text streamed in yield frames, and the Ask Sage tokens billed. */
export interface QueryReply {
  envelope: Record<string, unknown>;
  /** The generated part of `message` ("" for tool calls), streamed as yield frames. */
  streamedText: string;
  billedTokens: number;
}

/** Builds the success envelope of a `/query`: deterministic text or tool calls, usage only when asked. */
export function composeQueryReply(input: QueryReplyInput): QueryReply {
  const { fields, model, script } = input;
  const style: ToolCallStyle = script ? { ...input.toolCallStyle, ...pickStyle(script) } : input.toolCallStyle;
  let toolCalls: SimulatedToolCall[] | undefined =
    script?.toolCalls !== undefined ? buildScriptedToolCalls(script.toolCalls) : script?.text !== undefined ? undefined : decideToolCalls(fields);
  if (toolCalls && toolCalls.length === 0) toolCalls = undefined;
  if (toolCalls && style.omitIds) toolCalls = toolCalls.map(({ type, function: call }) => ({ type, function: call }));

  const answer = toolCalls ? (style.message ?? '') : `\n\n${script?.text ?? composeAnswerText(model, readLastUserMessage(fields.message))}`;
  const message = input.fileTexts.length > 0 ? `${input.fileTexts.map(formatFileContent).join('')}${answer}` : answer;

  const systemPrompt = typeof fields.system_prompt === 'string' ? fields.system_prompt : undefined;
  const promptTokens =
    estimateTokenCount(collectPromptText(fields.message) + (systemPrompt ?? '')) +
    (fields.tools === undefined ? 0 : estimateTokenCount(JSON.stringify(fields.tools))) +
    (systemPrompt === undefined || systemPrompt === '' ? DEFAULT_PERSONA_PROMPT_TOKENS : 0);
  const completionTokens = Math.max(1, estimateTokenCount(toolCalls ? JSON.stringify(toolCalls) : answer));
  const billedTokens = convertToAskSageTokens(promptTokens, completionTokens);
  const usage: SimulatedUsage | null =
    fields.usage === true
      ? { model_tokens: { completion_tokens: completionTokens, prompt_tokens: promptTokens, total_tokens: promptTokens + completionTokens }, asksage_tokens: billedTokens }
      : null;

  const envelope = buildQueryEnvelope({
    generation: input.generation,
    message,
    type: 'completion',
    toolCalls: toolCalls && !style.unified ? toolCalls : null,
    toolCallsUnified: toolCalls && style.unified ? toolCalls : null,
    usage,
    provenance: {
      model,
      datasets: fields.dataset ?? 'none',
      personaId: typeof fields.persona === 'number' ? fields.persona : 1,
      timestamp: formatProvenanceTimestamp(input.now),
    },
  });
  return { envelope, streamedText: toolCalls ? '' : message, billedTokens };
}

function pickStyle(script: ScriptAction): ToolCallStyle {
  const style: ToolCallStyle = {};
  if (script.unified !== undefined) style.unified = script.unified;
  if (script.omitIds !== undefined) style.omitIds = script.omitIds;
  if (script.message !== undefined) style.message = script.message;
  return style;
}

function collectPromptText(message: unknown): string {
  if (typeof message === 'string') return message;
  if (!Array.isArray(message)) return '';
  let text = '';
  for (const turn of message) {
    const content = (turn as { message?: unknown } | null)?.message;
    if (typeof content === 'string') text += content;
  }
  return text;
}

/**
 * A PDF's text as AskSage's extraction would give it, roughly: the strings its uncompressed pages draw (`(…) Tj`),
 * enough for test fixtures; a canned line when there are none (compressed streams are not decoded).
 */
function extractPdfText(file: { filename: string; text: string }): string {
  const drawn = [...file.text.matchAll(/\(((?:[^()\\]|\\.)*)\)\s*Tj/g)].map((match) => (match[1] ?? '').replace(/\\(.)/g, '$1'));
  return drawn.length > 0 ? drawn.join('\n') : `Simulated text extracted from ${file.filename}.`;
}

function formatFileContent(file: { filename: string; mimeType: string; text: string }): string {
  // AskSage describes images in prose (protocol doc §3.2); a canned description stands in for the vision step. PDFs
  // are extracted to text (protocol doc §3.1).
  const text = file.mimeType.startsWith('image/')
    ? `The image ${file.filename} shows a simulated picture.`
    : file.mimeType === 'application/pdf'
      ? extractPdfText(file)
      : file.text;
  // Python's json.dumps spacing, as printed in the Ask Sage notebook.
  return `<file-content>\n{"asksage_metadata": {"filename": ${JSON.stringify(file.filename)}, "page_number": 1}}\n${text}\n</file-content>`;
}
