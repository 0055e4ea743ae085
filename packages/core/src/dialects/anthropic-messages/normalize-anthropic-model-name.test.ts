import { normalizeAnthropicModelName } from './normalize-anthropic-model-name';

describe('normalizeAnthropicModelName', () => {
  it.each([
    ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-5'],
    ['claude-sonnet-4-5@20250929', 'claude-sonnet-4-5'],
    ['claude-haiku-4-5-20251001', 'claude-haiku-4-5'],
    ['claude-opus-4-1-20250805', 'claude-opus-4-1'],
    ['claude-3-7-sonnet-latest', 'claude-3-7-sonnet'],
    ['claude-sonnet-4-5[1m]', 'claude-sonnet-4-5'],
    ['anthropic.claude-3-5-sonnet-20240620-v1:0', 'claude-3-5-sonnet'],
    ['anthropic/claude-sonnet-4', 'claude-sonnet-4'],
    ['google-claude-45-sonnet', 'google-claude-45-sonnet'],
    ['gpt-4o', 'gpt-4o'],
    ['gpt-4o-20240806', 'gpt-4o-20240806'],
  ])('%s -> %s', (requested, expected) => {
    expect(normalizeAnthropicModelName(requested)).toBe(expected);
  });
});
