import { redactedMarker } from './redacted-marker';

/** Shortest piece of a known secret that is hidden on its own: long enough not to hit ordinary words. */
export const secretFragmentLength = 20;
/**
 * Hides every 20-character piece of `secret` in `text`, each widened over the neighbouring characters that continue
 * the secret: an upstream error that quotes half a key ("bad key prefix abcd…") must not hand that half on.
 */
export function redactSecretFragments(text: string, secret: string): string {
  let result = text;
  for (let start = 0; start + secretFragmentLength <= secret.length; start += 1) {
    const fragment = secret.slice(start, start + secretFragmentLength);
    if (result.includes(fragment)) result = redactAround(result, fragment, secret);
  }
  return result;
}

/** Replaces the fragment together with any neighbouring characters that continue the secret. */
function redactAround(text: string, fragment: string, secret: string): string {
  let result = text;
  const offset = secret.indexOf(fragment);
  for (let index = result.indexOf(fragment); index !== -1; index = result.indexOf(fragment, index + redactedMarker.length)) {
    let begin = index;
    let end = index + fragment.length;
    while (begin > 0 && offset - (index - begin) - 1 >= 0 && result[begin - 1] === secret[offset - (index - begin) - 1]) begin -= 1;
    while (end < result.length && offset + (end - index) < secret.length && result[end] === secret[offset + (end - index)]) end += 1;
    result = `${result.slice(0, begin)}${redactedMarker}${result.slice(end)}`;
    index = begin;
  }
  return result;
}
