type Block = Record<string, unknown>;

const stringOf = (value: unknown): string => (typeof value === 'string' ? value : '');

function describeResults(content: unknown): string {
  if (!Array.isArray(content)) {
    const code = stringOf((content as Block | null)?.error_code);
    return `[web search failed${code === '' ? '' : `: ${code}`}]`;
  }
  const lines = content.map((entry: unknown) => {
    const result = (entry ?? {}) as Block;
    return `- ${stringOf(result.title) || 'untitled'} (${stringOf(result.url)})`;
  });
  return ['[web search results]', ...lines].join('\n');
}

function describeSearchResult(block: Block): string {
  const texts = Array.isArray(block.content) ? block.content.map((entry: unknown) => stringOf((entry as Block | null)?.text)) : [];
  return [`[search result: ${stringOf(block.title)} (${stringOf(block.source)})]`, ...texts].join('\n');
}

/**
 * Search-related blocks as the text the model reads, or undefined for other block types. `server_tool_use` and
 * `web_search_tool_result` come back in the history of a conversation that used Anthropic's server-side web search
 * (for example a Claude Code session that started against Anthropic), `search_result` is a client's own retrieved
 * passage. Refusing them would fail the whole request, and Claude Code retries a 400 six times before giving up;
 * as text the model still sees what was searched and found (the encrypted page contents cannot be read anyway).
 */
export function describeSearchBlock(block: Block): string | undefined {
  switch (block.type) {
    case 'server_tool_use':
      return `[server tool call ${stringOf(block.name)}] ${JSON.stringify(block.input ?? {})}`;
    case 'web_search_tool_result':
      return describeResults(block.content);
    case 'search_result':
      return describeSearchResult(block);
    default:
      return undefined;
  }
}
