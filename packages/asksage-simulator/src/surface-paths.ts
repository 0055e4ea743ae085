/** AskSage's compatibility surfaces the simulator serves (protocol doc §4.9). */
export type SurfaceName = 'openai-chat' | 'openai-responses' | 'anthropic-messages';

/** Path -> surface. The older `/server/v1/chat/completions` alias of the docs is not served: the recordings use /openai. */
export const SURFACE_PATHS: ReadonlyMap<string, SurfaceName> = new Map([
  ['/server/openai/v1/chat/completions', 'openai-chat'],
  ['/server/openai/v1/responses', 'openai-responses'],
  ['/server/anthropic/v1/messages', 'anthropic-messages'],
]);
