import { redactSecrets } from '../redaction/create-secret-redactor';

const maximumLength = 300;

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { message?: unknown }).message === 'string') {
    return (value as { message: string }).message;
  }
  return '';
}

function fromEnvelope(body: Record<string, unknown>): string {
  // `response` carries the error words in AskSage's envelope; `message` and `error` cover the newer shapes.
  const response = textOf(body.response);
  if (response !== '' && response !== 'OK') return response;
  return textOf(body.message) || textOf(body.error) || response;
}

function fromText(text: string): string {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (parsed && typeof parsed === 'object') return fromEnvelope(parsed as Record<string, unknown>);
    } catch {
      // Truncated JSON: fall through and show it as text.
    }
  }
  // HTML error pages from gateways: keep the words, drop the markup.
  return trimmed.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ');
}

/**
 * AskSage's own words from any error body (JSON envelope, JSON text, HTML page, nothing), whitespace-collapsed,
 * shortened and with anything resembling a key redacted, so it can be shown to the client.
 */
export function readUpstreamErrorText(body: unknown): string {
  let text = '';
  if (typeof body === 'string') text = fromText(body);
  else if (body && typeof body === 'object' && !Array.isArray(body)) text = fromEnvelope(body as Record<string, unknown>);
  const collapsed = redactSecrets(text.replace(/\s+/g, ' ').trim());
  return collapsed.length > maximumLength ? `${collapsed.slice(0, maximumLength)}…` : collapsed;
}
