/**
 * The `status` of an AskSage envelope as a number: an integer on most endpoints, the string "200" on token
 * exchange and "sometimes a numeric string" in error envelopes (protocol doc §1.3, §2.6). Undefined otherwise.
 */
export function readEnvelopeStatus(envelope: Record<string, unknown>): number | undefined {
  const { status } = envelope;
  if (typeof status === 'number' && Number.isFinite(status)) return status;
  if (typeof status === 'string' && /^\s*\d{3}\s*$/.test(status)) return Number(status);
  return undefined;
}
