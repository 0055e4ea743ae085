import type { SamplingOptions } from '../../conversation/conversation';
import { ProxyError } from '../../errors/proxy-error';

// AskSage accepts low, medium and high and ignores them for models without reasoning (protocol doc §2.2).
// OpenAI's wider scale maps to the nearest AskSage value; "none" means "do not ask for reasoning".
const askSageEffort: Record<string, SamplingOptions['reasoningEffort']> = {
  none: undefined,
  minimal: 'low',
  low: 'low',
  medium: 'medium',
  high: 'high',
  xhigh: 'high',
  max: 'high',
};

/** OpenAI `reasoning_effort` -> the neutral effort (AskSage's scale), or undefined to leave it out. */
export function mapReasoningEffort(effort: unknown): SamplingOptions['reasoningEffort'] {
  if (effort === undefined || effort === null) return undefined;
  if (typeof effort !== 'string' || !Object.hasOwn(askSageEffort, effort)) {
    throw new ProxyError('invalid_request', `reasoning_effort must be one of ${Object.keys(askSageEffort).join(', ')}.`, { param: 'reasoning_effort' });
  }
  return askSageEffort[effort];
}
