/**
 * Deterministic answers: a function of the model and the last `me` turn, so tests and benchmarks can
 * predict every byte. Directives in the last user message ask for bigger or exact answers.
 */

const WORDS_DIRECTIVE = /\[\[words:(\d+)\]\]/;
const TEXT_DIRECTIVE = /\[\[text:([A-Za-z0-9+/=_-]*)\]\]/;
const LOREM = (
  'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore ' +
  'magna aliqua ut enim ad minim veniam quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat'
).split(' ');
const MAX_WORDS = 1_000_000;
const loremCache = new Map<number, string>();

/** The text of the last user (`me`) turn of a `/query` `message` (a string, or an array of turns). */
export function readLastUserMessage(message: unknown): string {
  if (typeof message === 'string') return message;
  if (!Array.isArray(message)) return '';
  for (let index = message.length - 1; index >= 0; index -= 1) {
    const turn = message[index] as { user?: unknown; message?: unknown } | null;
    if (turn && typeof turn === 'object' && turn.user !== 'gpt' && typeof turn.message === 'string') return turn.message;
  }
  return '';
}

/**
 * The answer text, without AskSage's leading "\n\n":
 * - `[[words:N]]` -> exactly N whitespace-separated lorem words, with line breaks, blank lines and indented lines;
 * - `[[text:<base64>]]` -> the decoded text verbatim;
 * - otherwise `Echo from <model>: <last user message>`.
 */
export function composeAnswerText(model: string, lastUserMessage: string): string {
  if (lastUserMessage.includes('[[')) {
    const words = WORDS_DIRECTIVE.exec(lastUserMessage);
    if (words) return loremWords(Math.min(Number(words[1]), MAX_WORDS));
    const text = TEXT_DIRECTIVE.exec(lastUserMessage);
    if (text) return Buffer.from(text[1] ?? '', 'base64').toString('utf8');
  }
  return `Echo from ${model}: ${lastUserMessage}`;
}

/** N lorem words; cached because benchmarks ask for the same sizes over and over. */
function loremWords(count: number): string {
  const cached = loremCache.get(count);
  if (cached !== undefined) return cached;
  const parts: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const position = index + 1;
    // Every 36th word opens an indented "code" line (after a blank line), every 12th ends a line: streaming must keep both.
    const inCodeLine = index % 36 >= 24 && index % 36 < 30;
    parts.push(inCodeLine && index % 36 === 24 ? `    ${LOREM[index % LOREM.length]}();` : (LOREM[index % LOREM.length] as string));
    if (position === count) break;
    if (position % 36 === 24) parts.push('\n\n');
    else if (position % 12 === 0 || position % 36 === 30) parts.push('\n');
    else parts.push(' ');
  }
  const text = parts.join('');
  if (loremCache.size < 64) loremCache.set(count, text);
  return text;
}
