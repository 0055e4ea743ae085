export { createOpenAIResponsesDialect, openAIResponsesDialect } from './create-openai-responses-dialect';
export type { OpenAIResponsesDialectOptions } from './create-openai-responses-dialect';
export { retrieveStoredResponse, deleteStoredResponse } from './stored-response-lookup';
export { responsesRequestSchema } from './responses-request-schema';
export type { ResponsesRequestOptions, DeclaredTool } from './responses-request-options';
export type {
  Response,
  ResponseCreateParams,
  ResponseOutputItem,
  ResponseOutputMessage,
  ResponseFunctionToolCall,
  ResponseCustomToolCall,
  ResponseStreamEvent,
  ResponseUsage,
} from './responses-wire-types';
