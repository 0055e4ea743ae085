/**
 * Anthropic model names as clients send them -> the name the model catalog resolves. Anthropic pins versions with a
 * date (`claude-sonnet-4-5-20250929`, Vertex writes `claude-sonnet-4-5@20250929`), has `-latest` names, and Claude
 * Code appends `[1m]` to ask for the 1M-token context window. AskSage has one id per model generation, so those
 * decorations go and the undated name (`claude-sonnet-4-5`) is looked up: the shipped catalog lists it as an alias
 * of the AskSage id (`google-claude-45-sonnet`), and a user's `models_file` can add or change aliases
 * (docs/anthropic-messages.md). A provider prefix (`anthropic/`, `anthropic.`) goes too. Names that are not
 * Anthropic's (`gpt-4o`) pass unchanged, so any served model works from Anthropic clients.
 */
export function normalizeAnthropicModelName(model: string): string {
  const trimmed = model.trim();
  if (!/claude/i.test(trimmed)) return trimmed;
  return trimmed
    .replace(/\[[^\]]*\]$/, '')
    .replace(/^anthropic[/.]/i, '')
    .replace(/-v\d+(?::\d+)?$/i, '')
    .replace(/(?:[-@]\d{8}|-latest)$/i, '');
}
