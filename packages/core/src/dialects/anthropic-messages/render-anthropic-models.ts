import type { ModelInfo } from '../../catalog/model-info';

/** One model in Anthropic's shape (`GET /v1/models` with `anthropic-version`). */
export interface AnthropicModelInfo {
  type: 'model';
  id: string;
  display_name: string;
  /** RFC 3339. */
  created_at: string;
}

/** Anthropic's model list page; the proxy's list is one page. */
export interface AnthropicModelList {
  data: AnthropicModelInfo[];
  has_more: false;
  first_id: string | null;
  last_id: string | null;
}

/** `claude-sonnet-4-5`, `claude-3-5-haiku`: Anthropic's own spelling (dashes, no dots, family and version). */
const anthropicStyleName = /^claude-(?:[a-z]+-\d+(?:-\d+)?|\d+(?:-\d+)?-[a-z]+)$/;

/**
 * A model in Anthropic's shape. Claude Code's gateway model discovery keeps only ids starting with `claude`, and
 * AskSage spells its Claude ids `google-claude-45-sonnet`, so a model with an Anthropic-style alias is listed under
 * that alias (which resolves back to it); `display_name` shows the AskSage id (or the model's display name).
 */
export function renderAnthropicModel(model: ModelInfo): AnthropicModelInfo {
  const alias = model.aliases?.find((name) => anthropicStyleName.test(name));
  const id = alias ?? model.id;
  return { type: 'model', id, display_name: model.displayName ?? model.id, created_at: new Date(model.created * 1000).toISOString() };
}

/** The served models as Anthropic's list page. */
export function renderAnthropicModelList(models: readonly ModelInfo[]): AnthropicModelList {
  const data = models.map(renderAnthropicModel);
  return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data[data.length - 1]?.id ?? null };
}
