/** Longest URL an error message echoes. */
const maxShownLength = 60;

/**
 * A client's URL as an error message may show it: scheme, host and path only (the query and fragment often carry
 * signed tokens, and credentials in `user:pass@` never appear), cut to a few dozen characters.
 */
export function shortenUrl(url: string): string {
  const match = /^([a-z][a-z0-9+.-]*:)(\/\/)?(?:[^@/?#]*@)?([^?#]*)/i.exec(url);
  const shown = match ? `${match[1]}${match[2] ?? ''}${match[3]}` : url;
  const cut = shown.length > maxShownLength ? `${shown.slice(0, maxShownLength)}…` : shown;
  return JSON.stringify(cut);
}
