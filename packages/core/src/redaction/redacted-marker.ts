/** What a hidden secret is replaced with, in client-facing text and in log lines alike. */
export const redactedMarker = '[redacted]';
