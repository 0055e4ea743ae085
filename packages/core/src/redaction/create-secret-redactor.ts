import { redactedMarker } from './redacted-marker';
import { redactSecretFragments, secretFragmentLength } from './redact-secret-fragments';
import { createSecretPieceIndex } from './create-secret-piece-index';
import { mapKeyCharacterRuns } from './map-key-character-runs';
import { keyShapedLength, redactJsonWebTokens, redactKeyShapedRun } from './redact-secret-patterns';

/** Hides secrets in a text; built once per list of secrets. */
export type SecretRedactor = (text: string) => string;

const keyCharacters = /^[A-Za-z0-9_+/=-]+$/;

/**
 * The proxy's one redaction rule set, for text sent to clients and for log lines alike:
 * 1. every known secret (configured API keys, inbound proxy keys), longest first so a key that contains another is
 *    hidden whole;
 * 2. every 20-character piece of a known secret, so a quoted half of a key does not leak;
 * 3. anything shaped like a key or an access token (see `redact-secret-patterns.ts`), known or not.
 * The secrets are sorted and their pieces indexed once, here. Per text the cost is one `includes` per secret and one
 * scan for runs of key characters: the pieces of a secret written in key characters (every AskSage key) can only
 * sit inside such a run, and a run of 64 or more is hidden whole anyway, so the piece search is a rolling hash over
 * the rare run of 20 to 63 key characters (an id, a path), whatever the number of keys.
 */
export function createSecretRedactor(secrets: readonly string[]): SecretRedactor {
  const known = [...new Set(secrets)].filter((secret) => secret.length > 0).sort((left, right) => right.length - left.length);
  const withPieces = known.filter((secret) => secret.length >= secretFragmentLength);
  // Secrets in key characters are looked for inside runs of them only; any other secret (a proxy key with
  // punctuation) in the whole text.
  const keyPieces = createSecretPieceIndex(withPieces.filter((secret) => keyCharacters.test(secret)));
  const otherPieces = createSecretPieceIndex(withPieces.filter((secret) => !keyCharacters.test(secret)));
  const redactRun = (run: string): string => redactKeyShapedRun(run.length < keyShapedLength ? keyPieces.ownersIn(run).reduce(redactSecretFragments, run) : run);
  return (text: string): string => {
    let result = text;
    for (const secret of known) {
      if (result.length >= secret.length && result.includes(secret)) result = result.split(secret).join(redactedMarker);
    }
    result = otherPieces.ownersIn(result).reduce(redactSecretFragments, result);
    result = redactJsonWebTokens(result);
    return result.length < secretFragmentLength ? result : mapKeyCharacterRuns(result, redactRun);
  };
}

/** `createSecretRedactor(secrets)(text)`, for one-off texts; hot paths build the redactor once. */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  return createSecretRedactor(secrets)(text);
}
