/** Shortest piece of a known secret that is hidden on its own: long enough not to hit ordinary words. */
const fragmentLength = 20;

/**
 * Hides every known secret in `text`, and every piece of one at least 20 characters long: an upstream error that
 * quotes half a key ("bad key prefix abcd…") must not hand that half to the client. Pattern-based redaction
 * (`redactSecrets`) cannot see pieces, or keys with separators; this can, because the keys are known.
 */
export function redactKnownSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length < fragmentLength) {
      if (secret.length > 0 && result.includes(secret)) result = result.split(secret).join('[redacted]');
      continue;
    }
    if (result.includes(secret)) result = result.split(secret).join('[redacted]');
    for (let start = 0; start + fragmentLength <= secret.length; start += 1) {
      const fragment = secret.slice(start, start + fragmentLength);
      if (result.includes(fragment)) result = redactAround(result, fragment, secret);
    }
  }
  return result;
}

/** Replaces the fragment together with any neighbouring characters that continue the secret. */
function redactAround(text: string, fragment: string, secret: string): string {
  let result = text;
  for (let index = result.indexOf(fragment); index !== -1; index = result.indexOf(fragment, index + '[redacted]'.length)) {
    const offset = secret.indexOf(fragment);
    let begin = index;
    let end = index + fragment.length;
    // Extend over the parts of the secret that stand around the fragment in the text.
    while (begin > 0 && offset - (index - begin) - 1 >= 0 && result[begin - 1] === secret[offset - (index - begin) - 1]) begin -= 1;
    while (end < result.length && offset + (end - index) < secret.length && result[end] === secret[offset + (end - index)]) end += 1;
    result = `${result.slice(0, begin)}[redacted]${result.slice(end)}`;
    index = begin;
  }
  return result;
}
