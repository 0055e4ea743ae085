/** One redaction rule set for everything the proxy shows: client-facing error text and log lines. */
export { createSecretRedactor, redactSecrets } from './create-secret-redactor';
export type { SecretRedactor } from './create-secret-redactor';
export { redactedMarker } from './redacted-marker';
