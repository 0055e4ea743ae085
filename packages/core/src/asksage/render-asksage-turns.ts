import type { ContentPart, Turn } from '../conversation/conversation';
import { collectDocumentParts } from '../images/resolve-attachment-files';
import { nameDocumentFiles } from '../images/name-document-files';
import type { AskSageMessage } from '../types/asksage';

function describeToolCall(part: Extract<ContentPart, { type: 'tool-call' }>): string {
  if (part.legacy) return `[function call] ${part.name}(${part.arguments})`;
  const header = part.id === '' ? '[tool call]' : `[tool call ${part.id}]`;
  return `${header} ${part.name}(${part.arguments})`;
}

function describeToolResult(part: Extract<ContentPart, { type: 'tool-result' }>, toolNames: Map<string, string>): string {
  if (part.legacy) return `[function result (${part.name ?? 'unknown'})]\n${part.content}`;
  const name = part.name ?? toolNames.get(part.callId);
  const status = part.isError ? ' (error)' : '';
  const header = name === undefined ? `[tool result for ${part.callId}]${status}` : `[tool result for ${part.callId} (${name})]${status}`;
  return `${header}\n${part.content}`;
}

/** What one rendering pass remembers: tool names by call id, how many images and documents it has numbered. */
interface RenderState {
  toolNames: Map<string, string>;
  images: number;
  documents: number;
  /**
   * The documents' file names, in order (`nameDocumentFiles`, as `resolveAttachmentFiles` names the files), computed
   * from `turns` on the first document: most requests have none.
   */
  documentNames: readonly string[] | undefined;
  turns: readonly Turn[];
}

function renderPart(part: ContentPart, state: RenderState): string {
  const { toolNames } = state;
  switch (part.type) {
    case 'text':
      return part.text;
    case 'tool-call':
      if (part.id !== '') toolNames.set(part.id, part.name);
      return describeToolCall(part);
    case 'tool-result':
      return describeToolResult(part, toolNames);
    case 'image':
      // The bytes travel as the query's file `image-N.<ext>` (resolveImageFiles numbers them in the same order);
      // AskSage prepends its description of every file before the answer, so the marker tells the model where each
      // image stood in the conversation. Never drop a part silently (the reference proxy did).
      state.images += 1;
      return `[image ${state.images}: attached as file image-${state.images}]`;
    case 'document':
      // Its bytes travel as a file AskSage extracts to text (a `<file-content>` block per file before the answer).
      state.documents += 1;
      state.documentNames ??= nameDocumentFiles(collectDocumentParts(state.turns));
      return `[document ${state.documents}: attached as file ${state.documentNames[state.documents - 1] ?? `document-${state.documents}.pdf`}]`;
  }
}

/**
 * Neutral turns -> AskSage's `[{user: 'me' | 'gpt', message}]`. AskSage's history knows only text turns (protocol
 * doc §2.4), so earlier tool calls are written out as `[tool call id] name(arguments)` lines and tool results as
 * `[tool result for id (name)]` blocks: without them the model cannot see what it already asked for, and agent
 * loops never finish. Images become `[image N: attached as file image-N]` markers and documents
 * `[document N: attached as file report.pdf]` markers (their bytes go as files).
 * Parts of one turn are joined with "\n" so words of adjacent parts never run together. A turn
 * that renders empty is left out: it carries nothing, and some providers behind AskSage reject empty turns.
 * Consecutive turns of one role stay separate entries (merging would blur where one tool result ends).
 */
export function renderAskSageTurns(turns: readonly Turn[]): AskSageMessage[] {
  const state: RenderState = { toolNames: new Map<string, string>(), images: 0, documents: 0, documentNames: undefined, turns };
  const messages: AskSageMessage[] = [];
  for (const turn of turns) {
    const text = turn.parts
      .map((part) => renderPart(part, state))
      .filter((line) => line !== '')
      .join('\n');
    if (text !== '') messages.push({ user: turn.role === 'user' ? 'me' : 'gpt', message: text });
  }
  return messages;
}
