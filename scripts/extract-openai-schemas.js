// Extracts the OpenAI schemas our tests validate against (and every schema they reference) from the official
// spec (shared/openai-openapi/openapi.yaml, MIT) into test-support/openai-schemas.json, so tests do not depend on
// where shared/ sits. Re-run when the spec is updated: node scripts/extract-openai-schemas.js [path/to/openapi.yaml]
const fs = require('node:fs');
const path = require('node:path');
const { load } = require('js-yaml');

const roots = [
  'CreateChatCompletionResponse',
  'CreateChatCompletionStreamResponse',
  'CreateCompletionResponse',
  'CreateEmbeddingResponse',
  'ErrorResponse',
  'ListModelsResponse',
  'Model',
  // The Responses API (/v1/responses): the object, every stream event, and the request (for request fixtures).
  'Response',
  'ResponseStreamEvent',
  'CreateResponse',
];
const specPath = process.argv[2] ?? path.resolve(__dirname, '../../shared/openai-openapi/openapi.yaml');
const spec = load(fs.readFileSync(specPath, 'utf8'));
const all = spec.components.schemas;
const picked = {};

function visit(node) {
  if (Array.isArray(node)) return node.forEach(visit);
  if (!node || typeof node !== 'object') return;
  if (typeof node.$ref === 'string') {
    const name = node.$ref.replace('#/components/schemas/', '');
    if (!(name in picked)) {
      picked[name] = all[name];
      visit(all[name]);
    }
  }
  Object.values(node).forEach(visit);
}

for (const name of roots) {
  picked[name] = all[name];
  visit(all[name]);
}

const out = {
  source: 'openai/openai-openapi openapi.yaml, commit f85dbe223d40e1a31cba812ab2d755c7e98a92a3 (info.version 2.3.0); MIT License, Copyright OpenAI',
  components: { schemas: Object.fromEntries(Object.keys(picked).sort().map((name) => [name, picked[name]])) },
};
fs.writeFileSync(path.resolve(__dirname, '../test-support/openai-schemas.json'), JSON.stringify(out) + '\n');
console.log(`wrote ${Object.keys(picked).length} schemas`);
