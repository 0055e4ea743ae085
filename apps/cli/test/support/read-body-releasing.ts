/**
 * Reads a streamed fetch body to its end, calling `release` once `marker` has arrived (and at the end, if it never
 * did): ordering tests hold AskSage (`simulator.holdReplies()`) until the client has seen, say, a heartbeat, so the
 * order is the test's own instead of a race between a delay and a timer.
 */
export async function readBodyReleasing(response: Response, marker: string, release: () => void): Promise<string> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let body = '';
  let released = false;
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      body += decoder.decode(chunk.value, { stream: true });
      if (!released && body.includes(marker)) {
        released = true;
        release();
      }
    }
  } finally {
    if (!released) release();
  }
  return body + decoder.decode();
}
