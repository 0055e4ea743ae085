/** How one reachability check went. */
export type ReachabilityVerdict = 'ok' | 'wrong-endpoint' | 'failed';

/** AskSage answers in `{status, response}` envelopes, even for errors (protocol doc §1.4). */
function isAskSageEnvelope(body: string): boolean {
  try {
    const parsed = JSON.parse(body) as unknown;
    return typeof parsed === 'object' && parsed !== null && 'status' in parsed && ('response' in parsed || 'message' in parsed);
  } catch {
    return false;
  }
}

/**
 * The verdict on a reply to a keyless probe: only AskSage-looking answers count as `ok` (a 404 page proves nothing).
 * A 2xx is `ok`; a 5xx is `failed`; another status is `ok` only with an AskSage envelope and not 404/405, else
 * `wrong-endpoint` (something answered, but not AskSage).
 */
export function judgeReachability(status: number, body: string): { verdict: ReachabilityVerdict; detail: string } {
  if (status >= 200 && status < 300) return { verdict: 'ok', detail: `HTTP ${status}` };
  if (status >= 500) return { verdict: 'failed', detail: `HTTP ${status}: the server failed` };
  if (status !== 404 && status !== 405 && isAskSageEnvelope(body)) return { verdict: 'ok', detail: `HTTP ${status}, an AskSage answer` };
  return { verdict: 'wrong-endpoint', detail: `HTTP ${status}: reachable but not an AskSage endpoint` };
}
