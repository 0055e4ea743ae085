// Only whole blank lines go: the indentation of the first real line is content (a code block, a poem).
const leadingBlankLines = /^(?:[ \t]*\r?\n)+/;

/**
 * Removes the blank lines AskSage puts before the answer (`message` is `"\n\nOK"` in every recorded reply,
 * protocol doc §2.3) while keeping the indentation of the first non-blank line.
 */
export function stripLeadingBlankLines(text: string): string {
  return text.replace(leadingBlankLines, '');
}
