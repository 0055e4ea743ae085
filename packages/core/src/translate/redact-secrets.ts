// AskSage API keys are 64 characters (protocol doc §1.2); access tokens are JWTs. Neither may reach a client
// or a log, even if AskSage ever echoed one back in an error text.
const jsonWebToken = /eyJ[\w-]+\.[\w-]+\.[\w-]*/g;
const longOpaqueToken = /[A-Za-z0-9_+/=-]{64,}|[A-Za-z0-9]{32,}/g;

/** Replaces anything that looks like an API key or access token with `[redacted]`. */
export function redactSecrets(text: string): string {
  return text.replace(jsonWebToken, '[redacted]').replace(longOpaqueToken, '[redacted]');
}
