import type { RequestSummary } from './gateway';

/** What a finished request's `onFinished` receives (the access log line): the key, attempts, error code and tokens. */
export function summarizeRequest(report: { attempts: number; keyName?: string; usage?: { inputTokens: number; outputTokens: number } }, code: string | undefined): RequestSummary {
  return {
    attempts: report.attempts,
    ...(report.keyName === undefined ? {} : { key: report.keyName }),
    ...(code === undefined ? {} : { code }),
    ...(report.usage === undefined ? {} : { inputTokens: report.usage.inputTokens, outputTokens: report.usage.outputTokens }),
  };
}
