import type { SseFrame } from '@asksage-proxy/core';

/**
 * One frame as Server-Sent Events text: an `event:` line when named, one `data:` line per line of data (the SSE spec
 * joins them back with "\n"), and the blank line that ends the event.
 */
export function formatSseFrame(frame: SseFrame): string {
  const event = frame.event === undefined ? '' : `event: ${frame.event}\n`;
  const data = frame.data.includes('\n') ? frame.data.split('\n').map((line) => `data: ${line}`).join('\n') : `data: ${frame.data}`;
  return `${event}${data}\n\n`;
}
