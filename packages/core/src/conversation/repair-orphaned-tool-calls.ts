import type { ToolResultPart, Turn } from './conversation';

/** What the model reads in place of a result that never came. */
export const orphanedToolCallResult = 'This tool call did not run: it was cancelled before it produced a result.';

/**
 * Gives every assistant tool call without a result in the next user turn a short synthetic one (`isError`), inserted
 * at the front of that turn (or in a new user turn when none follows). A user who cancels a tool in Claude Code leaves
 * such an orphan in the history; strict upstreams reject the whole request for it (argo-proxy#82,
 * BerriAI/litellm#13373), and a model that sees a call with no outcome tends to wait for it. Dialect-neutral: any
 * client can send such a history. Returns new turns; the input is not changed.
 */
export function repairOrphanedToolCalls(turns: readonly Turn[]): Turn[] {
  const repaired: Turn[] = [];
  let pending: ToolResultPart[] = [];
  for (const turn of turns) {
    if (pending.length > 0) {
      const answered = new Set(turn.role === 'user' ? turn.parts.flatMap((part) => (part.type === 'tool-result' ? [part.callId] : [])) : []);
      const missing = pending.filter((result) => !answered.has(result.callId));
      if (turn.role === 'user') {
        repaired.push(missing.length > 0 ? { role: 'user', parts: [...missing, ...turn.parts] } : turn);
        pending = [];
        continue;
      }
      repaired.push({ role: 'user', parts: missing });
      pending = [];
    }
    repaired.push(turn);
    if (turn.role === 'assistant') {
      pending = turn.parts.flatMap((part): ToolResultPart[] =>
        part.type === 'tool-call' && part.id !== ''
          ? [{ type: 'tool-result', callId: part.id, name: part.name, content: orphanedToolCallResult, isError: true }]
          : [],
      );
    }
  }
  if (pending.length > 0) repaired.push({ role: 'user', parts: pending });
  return repaired;
}
