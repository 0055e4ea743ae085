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

/** The password in a Redis URL (as written and decoded), for the log redactor; empty when there is none. */
export function redisUrlSecrets(url: string | undefined): string[] {
  if (url === undefined) return [];
  try {
    const { password } = new URL(url);
    return password === '' ? [] : [...new Set([password, decodeURIComponent(password)])];
  } catch {
    return [];
  }
}
