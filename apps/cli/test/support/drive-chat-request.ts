/**
 * Sends one chat request (streamed or not) and classifies how it ended, the way a client would see it.
 */

/** How a request ended. `hung` means the client-side deadline passed. */
export type ChatOutcome =
  | { kind: 'completion'; status: number; text: string }
  | { kind: 'error'; status: number; code: string; message: string; inBand: boolean }
  | { kind: 'malformed'; status: number; detail: string }
  | { kind: 'hung' };

interface ErrorEnvelope {
  error?: { message?: unknown; type?: unknown; param?: unknown; code?: unknown };
}

function isOpenAIErrorEnvelope(value: unknown): value is Required<ErrorEnvelope> {
  const error = (value as ErrorEnvelope | null)?.error;
  return (
    typeof error === 'object' && error !== null &&
    typeof error.message === 'string' && error.message.length > 0 &&
    typeof error.type === 'string' && 'param' in error && 'code' in error
  );
}

/** POST /v1/chat/completions and report the outcome; never throws. */
export async function driveChatRequest(
  baseUrl: string,
  body: Record<string, unknown>,
  options: { deadlineMs?: number; headers?: Record<string, string> } = {},
): Promise<ChatOutcome> {
  const signal = AbortSignal.timeout(options.deadlineMs ?? 30_000);
  try {
    const response = await fetch(`${baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...options.headers },
      body: JSON.stringify(body),
      signal,
    });
    const raw = await response.text();
    if (response.status !== 200) {
      const parsed = safeParse(raw);
      if (!isOpenAIErrorEnvelope(parsed)) return { kind: 'malformed', status: response.status, detail: raw.slice(0, 300) };
      return { kind: 'error', status: response.status, code: String(parsed.error.code), message: parsed.error.message as string, inBand: false };
    }
    if (body.stream !== true) {
      const parsed = safeParse(raw) as { choices?: Array<{ message?: { content?: string | null; tool_calls?: unknown } }> };
      const message = parsed?.choices?.[0]?.message;
      if (!message) return { kind: 'malformed', status: 200, detail: raw.slice(0, 300) };
      return { kind: 'completion', status: 200, text: message.content ?? '' };
    }
    return classifyStream(raw);
  } catch (error) {
    if (signal.aborted) return { kind: 'hung' };
    return { kind: 'malformed', status: 0, detail: String(error) };
  }
}

function classifyStream(raw: string): ChatOutcome {
  const events = raw.split('\n\n').filter((event) => event.startsWith('data: '));
  if (events[events.length - 1] !== 'data: [DONE]') return { kind: 'malformed', status: 200, detail: `no [DONE]: ${raw.slice(-300)}` };
  let text = '';
  let finishes = 0;
  for (const event of events.slice(0, -1)) {
    const parsed = safeParse(event.slice('data: '.length)) as
      | { error?: unknown; choices?: Array<{ delta?: { content?: string | null }; finish_reason?: string | null }> }
      | undefined;
    if (parsed === undefined) return { kind: 'malformed', status: 200, detail: `bad event ${event.slice(0, 200)}` };
    if (parsed.error !== undefined) {
      if (!isOpenAIErrorEnvelope(parsed)) return { kind: 'malformed', status: 200, detail: event.slice(0, 300) };
      return { kind: 'error', status: 200, code: String(parsed.error.code), message: parsed.error.message as string, inBand: true };
    }
    for (const choice of parsed.choices ?? []) {
      text += choice.delta?.content ?? '';
      if (choice.finish_reason) finishes += 1;
    }
  }
  if (finishes !== 1) return { kind: 'malformed', status: 200, detail: `${finishes} finish_reason chunks` };
  return { kind: 'completion', status: 200, text };
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
