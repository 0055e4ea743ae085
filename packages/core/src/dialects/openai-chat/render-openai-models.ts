import type { ModelInfo } from '../../catalog/model-info';
import type { Model, ModelList } from '../../types/openai';

/** One model in OpenAI's `Model` shape. */
export function renderOpenAIModel(model: ModelInfo): Model {
  return { id: model.id, object: 'model', created: model.created, owned_by: model.ownedBy };
}

/** `GET /v1/models` in OpenAI's list shape. */
export function renderOpenAIModelList(models: readonly ModelInfo[]): ModelList {
  return { object: 'list', data: models.map(renderOpenAIModel) };
}
