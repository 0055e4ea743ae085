/**
 * Enriched `get-models?format=full` objects. The three recorded entries are served verbatim; the rest
 * follow the same schema with plausible values (protocol doc §4.1; fixture get-models-full-sample.json).
 */

/** One enriched model object, keys sorted as recorded. */
export interface FullModelEntry {
  aliases: string[];
  capabilities: string[];
  cui_capable: boolean;
  date_added: string | null;
  deprecation: { message: string | null; replacement_id: string | null; state: string; sunset_at: string | null };
  display_name: string;
  id: string;
  limits: { max_context: number; max_output: number };
  paid_only: boolean;
  tier: string;
  token_conversion_rate: { completion: number; prompt: number } | null;
  vendor: string;
}

const RECORDED_ENTRIES: Record<string, Omit<FullModelEntry, 'id'>> = {
  'aws-bedrock-claude-45-sonnet-gov': {
    aliases: ['aws-claude-sonnet-4-5-20250929', 'claude-4-5-sonnet', 'claude-sonnet-4-5-20250929', 'claude-sonnet-4-5@20250929', 'default', 'sonnet', 'sonnet-45'],
    capabilities: ['text', 'vision_input'],
    cui_capable: true,
    date_added: null,
    deprecation: { message: null, replacement_id: null, state: 'active', sunset_at: null },
    display_name: 'Anthropic Claude 4.5 Sonnet',
    limits: { max_context: 200000, max_output: 190000 },
    paid_only: true,
    tier: 'standard',
    token_conversion_rate: { completion: 0.99, prompt: 0.198 },
    vendor: 'AWS Bedrock',
  },
  llma3: {
    aliases: [],
    capabilities: ['text'],
    cui_capable: true,
    date_added: null,
    deprecation: { message: null, replacement_id: null, state: 'active', sunset_at: null },
    display_name: 'Meta Llama 3',
    limits: { max_context: 8000, max_output: 5500 },
    paid_only: true,
    tier: 'standard',
    token_conversion_rate: null,
    vendor: 'Meta',
  },
};

// Vendor by id prefix, following AskSage's naming (protocol doc §5): google- = Vertex, aws-bedrock- = Bedrock, groq- = Groq.
const VENDOR_BY_PREFIX: Array<[string, string]> = [
  ['aws-bedrock-', 'AWS Bedrock'],
  ['google-', 'Google'],
  ['groq-', 'Groq'],
  ['claude', 'Anthropic'],
  ['gpt', 'OpenAI'],
  ['dall-e', 'OpenAI'],
  ['xai-', 'xAI'],
  ['mistral', 'Mistral'],
  ['cohere', 'Cohere'],
  ['llma', 'Meta'],
];

/** The enriched object for `id`; `retired` ids are reported with deprecation state 'retired'. */
export function buildFullModelEntry(id: string, retired = false): FullModelEntry {
  const recorded = RECORDED_ENTRIES[id];
  // Keys stay alphabetical, as recorded (the object is built once per catalog, so sorting costs nothing per request).
  if (recorded && !retired) return Object.fromEntries(Object.entries({ ...recorded, id }).sort(([a], [b]) => (a < b ? -1 : 1))) as unknown as FullModelEntry;
  const vendor = VENDOR_BY_PREFIX.find(([prefix]) => id.startsWith(prefix))?.[1] ?? 'Ask Sage';
  return {
    aliases: [],
    capabilities: id.startsWith('dall-e') ? ['image_output'] : ['text'],
    cui_capable: id.endsWith('-gov'),
    date_added: null,
    deprecation: { message: null, replacement_id: null, state: retired ? 'retired' : 'active', sunset_at: null },
    display_name: id,
    id,
    limits: { max_context: 128000, max_output: 16384 },
    paid_only: false,
    tier: 'standard',
    token_conversion_rate: { completion: 0.5, prompt: 0.07 },
    vendor,
  };
}
