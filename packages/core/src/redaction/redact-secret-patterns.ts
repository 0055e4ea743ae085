import { redactedMarker } from './redacted-marker';

// AskSage API keys are 64 characters (protocol doc §1.2) and access tokens are JWTs: anything shaped like them is
// hidden even when it is not a configured key (a key pasted into a model name, an upstream echo, another tenant's
// 32-character key).
const jsonWebToken = /eyJ[\w-]+\.[\w-]+\.[\w-]*/g;
const alphanumericRun = /[A-Za-z0-9]{32,}/g;
/** A run of this many key characters is a key, known or not. */
export const keyShapedLength = 64;
const shortestAlphanumericToken = 32;

/** Hides JSON Web Tokens (AskSage access tokens). */
export function redactJsonWebTokens(text: string): string {
  return text.includes('eyJ') ? text.replace(jsonWebToken, redactedMarker) : text;
}

/** Hides a maximal run of key characters (see `mapKeyCharacterRuns`) if it is key-shaped: 64 or more of them, or (within it) 32 or more letters and digits. */
export function redactKeyShapedRun(run: string): string {
  if (run.length >= keyShapedLength) return redactedMarker;
  return run.length >= shortestAlphanumericToken ? run.replace(alphanumericRun, redactedMarker) : run;
}
