/** The Redis URL without its password (`redis://:****@host:6379`), for logs, `--show` and `/health`. */
export function maskRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '****';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    // Not a URL: say so without echoing it (a mistyped URL may hold the password).
    return '(unparsable Redis URL)';
  }
}
