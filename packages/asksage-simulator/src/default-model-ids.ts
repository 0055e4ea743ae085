/**
 * The catalog served when no `models` option is given: real AskSage ids seen on public tenants
 * (Ask-Sage notebook cell 13, health.mil 2026-04 and api.asksage.ai 2026-09 recordings; protocol doc §5).
 * Note AskSage spells `claude-35-sonnet`, not `claude-3.5-sonnet`.
 */
export const DEFAULT_MODEL_IDS: readonly string[] = [
  'gpt-4o',
  'gpt-4o-mini',
  'gpt-4o-gov',
  'gpt-4o-mini-gov',
  'gpt-4.1',
  'gpt-4.1-mini',
  'gpt-4.1-nano',
  'gpt-5',
  'gpt-5-mini',
  'gpt-5.4-nano',
  'gpt-o3',
  'gpt-o3-mini',
  'gpt-o4-mini',
  'claude-35-sonnet',
  'claude-37-sonnet',
  'claude-4-sonnet',
  'claude-4-opus',
  'aws-bedrock-claude-35-sonnet-gov',
  'aws-bedrock-claude-45-sonnet-gov',
  'aws-bedrock-nova-pro-gov',
  'aws-bedrock-titan',
  'google-claude-45-haiku',
  'google-claude-45-sonnet',
  'google-gemini-2.5-pro',
  'google-gemini-2.5-flash',
  'groq-llama33',
  'groq-70b',
  'llma3',
  'mistral-large',
  'cohere',
  'xai-grok',
  'dall-e-3',
];
